package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ExistingFiles;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.transfer.WholeFileChecksum;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.files.StatFrames;
import dev.swarmnet.internal.wire.files.SumFrames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Before an upload: which files the gateway already holds at their destinations ({@link ExistingFiles}), asked
 * with FILE_STAT in batches, one round trip per few thousand files. In checksum mode the files whose destination
 * has their size are then compared by content: their CRC32C is computed here and the gateway's asked with
 * FILE_SUM. What it leaves out is not sent.
 */
final class UploadCheck {
    /** A FILE_STAT's (and a FILE_SUM's) body stays under this, well within any gateway's maximum frame size. */
    static final int MAX_REQUEST_BYTES = 3000;

    private final List<LocalFile> toSend = new ArrayList<>();
    private final Connection probe;
    private final String dirname;
    private final ExistingFiles policy;
    private final boolean applyTimes;
    private final WholeFileChecksum reader = new WholeFileChecksum();
    private int unchanged;
    private int nextTag;

    private UploadCheck(Connection probe, String dirname, ExistingFiles policy, boolean applyTimes) {
        this.probe = probe;
        this.dirname = dirname;
        this.policy = policy;
        this.applyTimes = applyTimes;
    }

    /**
     * Asks over {@code probe} about every file of {@code files}; see {@link #toSend()} and {@link #unchanged()}.
     * In checksum mode with {@code applyTimes}, a destination found to hold a file's bytes takes its mtime.
     */
    static UploadCheck run(Connection probe, String dirname, List<LocalFile> files, ExistingFiles policy,
            boolean applyTimes) throws IOException {
        UploadCheck check = new UploadCheck(probe, dirname, policy, applyTimes);
        int base = StatFrames.requestBytes(dirname, List.of());
        List<LocalFile> batch = new ArrayList<>();
        int bytes = base;
        for (LocalFile file : files) {
            int more = StatFrames.destBytes(file.dest());
            if (!batch.isEmpty() && (bytes + more > MAX_REQUEST_BYTES || batch.size() == StatFrames.MAX_DESTS)) {
                check.ask(batch);
                batch.clear();
                bytes = base;
            }
            batch.add(file);
            bytes += more;
        }
        if (!batch.isEmpty()) {
            check.ask(batch);
        }
        return check;
    }

    /** The files to send, in their order. */
    List<LocalFile> toSend() {
        return toSend;
    }

    /** How many files were left out: the gateway holds them. */
    int unchanged() {
        return unchanged;
    }

    private void ask(List<LocalFile> batch) throws IOException {
        List<String> dests = new ArrayList<>(batch.size());
        for (LocalFile file : batch) {
            dests.add(file.dest());
        }
        StatFrames.Request request = new StatFrames.Request(nextTag++, dirname, dests);
        probe.send(sink -> StatFrames.request(sink, request));
        probe.expect(Protocol.FILE_STATS);
        List<StatFrames.State> states = probe.read(r -> StatFrames.readStates(r, request));
        boolean[] there = new boolean[batch.size()];
        List<Local> sameSize = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (policy != ExistingFiles.SKIP_SAME_CONTENT) {
                there[i] = isThere(batch.get(i).source(), states.get(i), policy);
            } else {
                Local local = sameSize(i, batch.get(i).source(), dests.get(i), states.get(i));
                if (local != null) {
                    sameSize.add(local);
                }
            }
        }
        SumFrames.Target target = applyTimes ? SumFrames.Target.DESTINATIONS_TIMED : SumFrames.Target.DESTINATIONS;
        for (List<Local> sums : SumBatches.cut(sameSize, target, dirname, Local::dest, Local::size)) {
            compare(sums, target, there);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (there[i]) {
                unchanged++;
            } else {
                toSend.add(batch.get(i));
            }
        }
    }

    /** A file to compare by content: its place in the batch, destination, size, mtime and CRC32C. */
    private record Local(int index, String dest, long size, long mtimeNanos, int crc) {
    }

    /** The file, if its destination is a regular file of its size and it can be read whole here; else null. */
    private Local sameSize(int index, Path file, String dest, StatFrames.State state) {
        if (state.kind() != StatFrames.Kind.FILE) {
            return null;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile() || a.size() != state.size()) {
                return null;
            }
            long crc;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                crc = reader.of(channel, a.size(), () -> { });
            }
            return crc == WholeFileChecksum.SHORT ? null
                    : new Local(index, dest, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), (int) crc);
        } catch (IOException e) {
            return null; // sent: the upload says why it fails
        }
    }

    private void compare(List<Local> batch, SumFrames.Target target, boolean[] there) throws IOException {
        List<SumFrames.Item> items = new ArrayList<>(batch.size());
        for (Local l : batch) {
            items.add(new SumFrames.Item(l.dest(), l.size(), l.crc(), l.mtimeNanos()));
        }
        SumFrames.Request request = new SumFrames.Request(nextTag++, target, dirname, items);
        probe.send(sink -> SumFrames.request(sink, request));
        probe.expect(Protocol.FILE_SUMS);
        List<SumFrames.Sum> sums = probe.read(r -> SumFrames.readSums(r, request));
        for (int i = 0; i < batch.size(); i++) {
            Local l = batch.get(i);
            SumFrames.Sum sum = sums.get(i);
            there[l.index()] = sum.kind() == SumFrames.Kind.FILE && sum.size() == l.size() && sum.crc() == l.crc();
        }
    }

    /** A file that cannot be read here is sent: the upload says why it fails. */
    private static boolean isThere(Path file, StatFrames.State state, ExistingFiles policy) {
        try {
            BasicFileAttributes local = Files.readAttributes(file, BasicFileAttributes.class);
            return local.isRegularFile() && QuickCheck.upToDate(policy, local.size(),
                    local.lastModifiedTime().to(TimeUnit.NANOSECONDS), state.kind() == StatFrames.Kind.FILE,
                    state.size(), state.mtimeNanos());
        } catch (IOException e) {
            return false;
        }
    }
}
