package dev.swarmnet.internal.transfer;

import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.files.UploadTarget;
import dev.swarmnet.internal.wire.FrameReader;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * One downloaded file being put together: its ranges (one for a small file, several stripes for a
 * large one, perhaps from several connections) are written in place into a temporary file beside the
 * target, created on first use in the target's open folder; when the last range is verified the file
 * gets its mtime and its real name. The folder stays open for the file until it is placed or abandoned.
 * The lanes writing one file take turns ({@link TurnTakingWrites}).
 */
final class FileAssembly {
    private final FileEntry entry;
    private final TargetFolders.Target target;
    private final String temp;
    private int rangesLeft;
    private FileChannel channel;
    private boolean ended;
    private final TurnTakingWrites writes = new TurnTakingWrites();

    FileAssembly(TargetFolders folders, FileEntry entry, int ranges) throws IOException {
        this.entry = entry;
        this.target = folders.target("", entry.dest());
        this.temp = UploadTarget.temporaryName(target.name());
        this.rangesLeft = ranges;
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
            channel = target.folder().createFile(temp, FileModes.creationMode(entry.mode()));
        }
        FileChannel out = channel;
        return (data, position) -> writes.write(out, data, position);
    }

    /** A range is verified; true when that completed the file (now under its real name). */
    synchronized boolean rangeDone() throws IOException {
        if (ended || --rangesLeft > 0) {
            return false;
        }
        ended = true;
        try {
            if (channel == null) {
                channel = target.folder().createFile(temp, FileModes.creationMode(entry.mode())); // an empty file
            }
            channel.close();
            FileReceiver.place(target.folder(), temp, target.name(), entry.mtimeNanos(), entry.mode());
        } catch (IOException e) {
            target.folder().deleteIfExists(temp);
            throw e;
        } finally {
            target.close();
        }
        return true;
    }

    /** Gives up on the file: the temporary file goes, nothing stays under the real name. Idempotent. */
    synchronized boolean abandon() {
        if (ended) {
            return false;
        }
        ended = true;
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
