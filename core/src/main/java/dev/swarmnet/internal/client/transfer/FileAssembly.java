package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.files.UploadTarget;
import dev.swarmnet.internal.transfer.FileReceiver;
import dev.swarmnet.internal.transfer.TurnTakingWrites;
import dev.swarmnet.internal.wire.FrameReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * One downloaded file being put together: its ranges (one for a small file, several stripes for a
 * large one, perhaps from several connections) are written in place into a temporary file beside the
 * target, created on first use in the target's open folder; when the last range is verified the file
 * gets its mtime and its real name. The folder stays open for the file until it is placed or abandoned.
 * The lanes writing one file take turns ({@link TurnTakingWrites}). A large file is written into its
 * {@link DownloadPartial} instead, which remembers each verified range and outlives a cut transfer.
 */
final class FileAssembly {
    private final FileEntry entry;
    private final TargetFolders.Target target;
    private final String temp;
    /** The resumable partial the file is written into; null for a file written under a one-off temporary name. */
    private final DownloadPartial partial;
    private int rangesLeft;
    private FileChannel channel;
    private boolean ended;
    private boolean placed;
    private final TurnTakingWrites writes = new TurnTakingWrites();

    FileAssembly(TargetFolders folders, FileEntry entry, int ranges) throws IOException {
        this(entry, folders.target("", entry.dest()), null, ranges);
    }

    private FileAssembly(FileEntry entry, TargetFolders.Target target, DownloadPartial partial, int ranges) {
        this.entry = entry;
        this.target = target;
        this.partial = partial;
        this.temp = partial != null ? partial.dataName() : UploadTarget.temporaryName(target.name());
        this.rangesLeft = ranges;
    }

    /** A file written into {@code partial} (beside {@code target}, whose folder it holds), {@code ranges} missing. */
    static FileAssembly resumable(FileEntry entry, TargetFolders.Target target, DownloadPartial partial, int ranges) {
        return new FileAssembly(entry, target, partial, ranges);
    }

    FileEntry entry() {
        return entry;
    }

    /** Writes into the temporary file (opened on first use), one lane at a time; null once the file has failed or finished. */
    synchronized FrameReader.RawTarget writer() throws IOException {
        if (ended) {
            return null;
        }
        if (channel == null) {
            channel = partial != null ? partial.data() : target.folder().createFile(temp, FileModes.creationMode(entry.mode()));
        }
        FileChannel out = channel;
        return (data, position) -> writes.write(out, data, position);
    }

    /** A range is verified ({@code crc} holds its checksum); true when that completed the file (now under its real name). */
    synchronized boolean rangeDone(FileRange range, CRC32C crc) throws IOException {
        if (ended) {
            return false;
        }
        if (partial != null) {
            partial.verified(range.offset(), range.length(), crc);
        }
        return --rangesLeft <= 0 && place();
    }

    /** Places the file when no range is missing (a partial an earlier run finished); true if it did. */
    synchronized boolean placeIfComplete() throws IOException {
        return !ended && rangesLeft <= 0 && place();
    }

    private boolean place() throws IOException {
        ended = true;
        try {
            if (partial != null) {
                partial.complete(entry.size());
            } else {
                if (channel == null) {
                    channel = target.folder().createFile(temp, FileModes.creationMode(entry.mode())); // an empty file
                }
                channel.close();
            }
            FileReceiver.place(target.folder(), temp, target.name(), entry.mtimeNanos(), entry.mode(), partial == null);
            placed = true;
        } catch (IOException e) {
            target.folder().deleteIfExists(temp);
            throw e;
        } finally {
            target.close();
        }
        return true;
    }

    /** Bytes kept for the next run once the file has been given up ({@link #abandon()}); zero without a partial. */
    synchronized long kept() {
        return partial == null || !ended || placed ? 0 : partial.verifiedBytes();
    }

    /** Gives up on the file and keeps nothing of it, a partial included. Idempotent. */
    synchronized void discard() {
        if (partial != null && !ended) {
            ended = true;
            partial.discard();
            target.close();
            return;
        }
        abandon();
    }

    /**
     * Gives up on the file: nothing stays under the real name; the temporary file goes, and a partial keeps what
     * was verified for the next run. Idempotent.
     */
    synchronized boolean abandon() {
        if (ended) {
            return false;
        }
        ended = true;
        if (partial != null) {
            partial.end();
            target.close();
            return true;
        }
        try {
            if (channel != null) {
                channel.close();
                target.folder().deleteIfExists(temp);
            }
        } catch (IOException ignored) {
            // the temporary name is hidden and recognisable; a later run can clean it up
        } finally {
            target.close();
        }
        return true;
    }
}
