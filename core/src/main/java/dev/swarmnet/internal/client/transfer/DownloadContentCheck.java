package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ExistingFiles;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.transfer.WholeFileChecksum;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.files.SumFrames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Before a download in checksum mode ({@link ExistingFiles#SKIP_SAME_CONTENT}): which listed files the download
 * folder already holds byte for byte. Only a destination that is a regular file of the listed size is read; the
 * gateway is asked for the CRC32C of those files (FILE_SUM, in batches) and computes it while the local one is
 * computed here. A file held already may take the listed mtime, as rsync {@code -c -t} gives it. Destinations are
 * reached as the download writes them: one name at a time from the download folder, never through a link.
 */
final class DownloadContentCheck {
    /** A listed file, as the download's own listing must show it again to be skipped (it may have changed since). */
    record Key(String dest, long size, long mtimeNanos) {
        static Key of(FileEntry e) {
            return new Key(e.dest(), e.size(), e.mtimeNanos());
        }
    }

    /**
     * Requests sent ahead of the answers read: the gateway reads the next batch while this side reads its copies
     * of the one before. Two requests of at most about 3,000 bytes and their answers fit any socket buffer.
     */
    private static final int IN_FLIGHT = 2;

    private final Connection connection;
    private final TargetFolders folders;
    private final boolean applyTimes;
    private final WholeFileChecksum reader = new WholeFileChecksum();
    private final Set<Key> same = new HashSet<>();
    private int nextTag;

    private DownloadContentCheck(Connection connection, TargetFolders folders, boolean applyTimes) {
        this.connection = connection;
        this.folders = folders;
        this.applyTimes = applyTimes;
    }

    /**
     * Of {@code listed}, the files {@code downloadDir} holds with the same content, asked over {@code connection};
     * with {@code applyTimes} each of them whose mtime differs takes the listed one.
     */
    static Set<Key> same(Connection connection, List<FileEntry> listed, Path downloadDir, boolean applyTimes)
            throws IOException {
        if (!Files.isDirectory(downloadDir)) {
            return Set.of();
        }
        try (TargetFolders folders = TargetFolders.open(downloadDir)) {
            DownloadContentCheck check = new DownloadContentCheck(connection, folders, applyTimes);
            List<FileEntry> candidates = new ArrayList<>();
            for (FileEntry e : listed) {
                if (check.sameSizeHere(e)) {
                    candidates.add(e);
                }
            }
            ArrayDeque<Asked> inFlight = new ArrayDeque<>();
            for (List<FileEntry> batch : SumBatches.cut(candidates, SumFrames.Target.SHARED, "", FileEntry::source,
                    FileEntry::size)) {
                inFlight.add(check.ask(batch));
                if (inFlight.size() == IN_FLIGHT) {
                    check.compare(inFlight.poll());
                }
            }
            while (!inFlight.isEmpty()) {
                check.compare(inFlight.poll());
            }
            return check.same;
        }
    }

    private boolean sameSizeHere(FileEntry e) {
        try (TargetFolders.Target at = folders.existing("", e.dest(), 0)) {
            if (at == null) {
                return false;
            }
            BasicFileAttributes a = at.folder().stat(at.name());
            return a.isRegularFile() && a.size() == e.size();
        } catch (IOException | RuntimeException ex) {
            return false; // nothing there, or a path the download refuses: it says why
        }
    }

    /** A request sent for {@code batch}, its answer not read yet. */
    private record Asked(List<FileEntry> batch, SumFrames.Request request) {
    }

    private Asked ask(List<FileEntry> batch) throws IOException {
        List<SumFrames.Item> items = new ArrayList<>(batch.size());
        for (FileEntry e : batch) {
            items.add(SumFrames.Item.shared(e.source()));
        }
        SumFrames.Request request = new SumFrames.Request(nextTag++, SumFrames.Target.SHARED, "", items);
        connection.send(sink -> SumFrames.request(sink, request));
        return new Asked(batch, request);
    }

    /** Computes the local checksums of an asked batch (the gateway reads the next batch meanwhile), then compares. */
    private void compare(Asked asked) throws IOException {
        List<FileEntry> batch = asked.batch();
        SumFrames.Request request = asked.request();
        long[] local = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            local[i] = localChecksum(batch.get(i));
        }
        connection.expect(Protocol.FILE_SUMS);
        List<SumFrames.Sum> sums = connection.read(r -> SumFrames.readSums(r, request));
        for (int i = 0; i < batch.size(); i++) {
            FileEntry e = batch.get(i);
            SumFrames.Sum sum = sums.get(i);
            if (local[i] != WholeFileChecksum.SHORT && sum.kind() == SumFrames.Kind.FILE && sum.size() == e.size()
                    && sum.mtimeNanos() == e.mtimeNanos() && sum.crc() == (int) local[i]) {
                same.add(Key.of(e));
                if (applyTimes) {
                    applyTime(e);
                }
            }
        }
    }

    /** The CRC32C of the local file, or {@link WholeFileChecksum#SHORT} when it cannot be read whole. */
    private long localChecksum(FileEntry e) {
        try (TargetFolders.Target at = folders.existing("", e.dest(), 0)) {
            if (at == null) {
                return WholeFileChecksum.SHORT;
            }
            try (FileChannel channel = at.folder().openForReading(at.name())) {
                return reader.of(channel, e.size(), () -> { });
            }
        } catch (IOException | RuntimeException ex) {
            return WholeFileChecksum.SHORT;
        }
    }

    /** The listed mtime, on a file that holds the listed bytes; one that cannot take it is fetched. */
    private void applyTime(FileEntry e) {
        try (TargetFolders.Target at = folders.existing("", e.dest(), 0)) {
            BasicFileAttributes a = at.folder().stat(at.name());
            if (FileModes.nanos(a.lastModifiedTime()) != e.mtimeNanos()) {
                at.folder().setModifiedTime(at.name(), FileModes.time(e.mtimeNanos()));
            }
        } catch (IOException | RuntimeException ex) {
            same.remove(Key.of(e));
        }
    }
}
