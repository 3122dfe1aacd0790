package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.Folder;
import dev.swarmnet.internal.files.ResumablePieces;
import dev.swarmnet.internal.transfer.RangeLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The partial file a large download writes into, kept beside its target under a fixed hidden name with a log
 * of its verified ranges ({@link RangeLog}), so that when the transfer is cut (Ctrl-C, a kill, a lost gateway)
 * the next run of the same download fetches only what is missing. A partial is trusted again only if its log
 * names the same file in the same version (source path, size, mtime) and each logged range still has its
 * checksum on disk; anything else is deleted and the file starts afresh, so no partial outlives a change of
 * its source.
 */
final class DownloadPartial {
    /** Files at least this large keep a partial; smaller ones are fetched again whole. */
    static final long MIN_SIZE = 8L * 1024 * 1024;
    /** The largest range of a resumable file: what a cut costs at most per connection. */
    static final long RANGE = 8L * 1024 * 1024;
    /** What the partial's names add to the target's name at most. */
    static final int EXTRA_BYTES = 48;
    private static final int VERIFY_BUFFER = 1024 * 1024;

    private final Folder folder;
    private final String dataName;
    private final String logName;
    private final FileChannel data;
    private final RangeLog log;
    /** The verified ranges found when it was opened, sorted and apart: the bytes not fetched again. */
    private final List<RangeLog.Entry> resumed;
    private final AtomicLong verifiedBytes = new AtomicLong();
    /** Where the download folder notes its partials, and this one's path there (its file's destination). */
    private PartialRegistry registry;
    private String dest;

    private DownloadPartial(Folder folder, String name, FileChannel data, RangeLog log, List<RangeLog.Entry> resumed) {
        this.folder = folder;
        this.dataName = ResumablePieces.downloadDataName(name);
        this.logName = ResumablePieces.downloadLogName(name);
        this.data = data;
        this.log = log;
        this.resumed = resumed;
        resumed.forEach(e -> verifiedBytes.addAndGet(e.length()));
    }

    /**
     * The partial of {@code entry} beside {@code name} in {@code folder}: the one an earlier run left if it still
     * fits, with its verified ranges, or a new, empty one; entered in {@code registry} (when it can be: a registry
     * that cannot be written costs only the retention of this partial, never the download).
     */
    static DownloadPartial open(Folder folder, String name, FileEntry entry, PartialRegistry registry)
            throws IOException {
        DownloadPartial partial = open(folder, name, entry);
        partial.registry = registry;
        partial.dest = entry.dest();
        try {
            registry.add(entry.dest());
        } catch (IOException e) {
            // kept without retention: the next run of this download still continues or replaces it
        }
        return partial;
    }

    private static DownloadPartial open(Folder folder, String name, FileEntry entry) throws IOException {
        RangeLog.Header header = new RangeLog.Header(sourceId(entry.source()), entry.size(), entry.mtimeNanos());
        DownloadPartial earlier = reopen(folder, name, header);
        if (earlier != null) {
            return earlier;
        }
        String dataName = ResumablePieces.downloadDataName(name);
        String logName = ResumablePieces.downloadLogName(name);
        folder.deleteIfExists(logName);
        folder.deleteIfExists(dataName);
        FileChannel data = folder.createFile(dataName, FileModes.creationMode(entry.mode()));
        try {
            return new DownloadPartial(folder, name, data, RangeLog.create(locked(folder.createFile(logName)), header),
                    List.of());
        } catch (IOException e) {
            data.close();
            folder.deleteIfExists(dataName);
            throw e;
        }
    }

    /** The partial an earlier run left, when its log names this very file; null otherwise. */
    private static DownloadPartial reopen(Folder folder, String name, RangeLog.Header header) throws IOException {
        RangeLog log;
        try {
            log = RangeLog.open(locked(folder.openForWriting(ResumablePieces.downloadLogName(name))));
        } catch (NoSuchFileException e) {
            return null;
        }
        if (log == null) {
            return null;
        }
        if (!log.header().equals(header)) {
            log.close();
            return null;
        }
        FileChannel data;
        try {
            data = folder.openForWriting(ResumablePieces.downloadDataName(name));
        } catch (NoSuchFileException e) {
            log.close();
            return null;
        }
        try {
            return new DownloadPartial(folder, name, data, log, stillHeld(data, log.takeLoaded()));
        } catch (IOException | RuntimeException e) {
            data.close();
            log.close();
            throw e;
        }
    }

    /**
     * {@code log} locked for this download (the lock goes with the channel): another process downloading the same
     * file into the same folder holds it, and this download then writes under a one-off temporary name instead.
     */
    private static FileChannel locked(FileChannel log) throws IOException {
        try {
            if (log.tryLock() != null) {
                return log;
            }
        } catch (OverlappingFileLockException sameProcess) {
            // a transfer of this process has it
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        log.close();
        throw new IOException("another download is writing this file's partial");
    }

    /** The logged ranges whose bytes still have their checksum, sorted, without overlaps. */
    private static List<RangeLog.Entry> stillHeld(FileChannel data, List<RangeLog.Entry> logged) throws IOException {
        List<RangeLog.Entry> sorted = new ArrayList<>(logged);
        sorted.sort(Comparator.comparingLong(RangeLog.Entry::offset));
        List<RangeLog.Entry> held = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(VERIFY_BUFFER);
        long end = 0;
        for (RangeLog.Entry e : sorted) {
            if (e.offset() >= end && RangeLog.holds(data, e, buffer)) {
                held.add(e);
                end = e.offset() + e.length();
            }
        }
        return held;
    }

    /** What is left to fetch: the gaps between the resumed ranges, in pieces of at most {@code rangeSize}. */
    List<long[]> missing(long size, long rangeSize) {
        List<long[]> gaps = new ArrayList<>();
        long next = 0;
        for (RangeLog.Entry e : resumed) {
            addGap(gaps, next, e.offset(), rangeSize);
            next = e.offset() + e.length();
        }
        addGap(gaps, next, size, rangeSize);
        return gaps;
    }

    private static void addGap(List<long[]> gaps, long from, long to, long rangeSize) {
        for (long offset = from; offset < to; offset += rangeSize) {
            gaps.add(new long[] {offset, Math.min(rangeSize, to - offset)});
        }
    }

    /** The bytes found verified when it was opened. */
    long resumedBytes() {
        long total = 0;
        for (RangeLog.Entry e : resumed) {
            total += e.length();
        }
        return total;
    }

    /** The bytes verified in all, found and fetched: what a cut now would keep. */
    long verifiedBytes() {
        return verifiedBytes.get();
    }

    String dataName() {
        return dataName;
    }

    FileChannel data() {
        return data;
    }

    /** A range's bytes are written and their checksum matched: remembered for the next run. */
    void verified(long offset, long length, CRC32C crc) throws IOException {
        log.append(new RangeLog.Entry(offset, length, (int) crc.getValue()));
        verifiedBytes.addAndGet(length);
    }

    /**
     * Every byte is in: the log goes, then the data is ready to take its real name (a cut between the two leaves
     * data without a log, which the next run deletes).
     */
    void complete(long size) throws IOException {
        try {
            if (data.size() > size) {
                data.truncate(size);
            }
        } finally {
            closeQuietly();
        }
        folder.deleteIfExists(logName);
        unregister();
    }

    /** The transfer ends without the file: its verified bytes stay for the next run, or nothing does. */
    void end() {
        closeQuietly();
        if (verifiedBytes() == 0) {
            discard();
        }
    }

    /** Nothing of the file stays. */
    void discard() {
        closeQuietly();
        try {
            folder.deleteIfExists(logName);
            folder.deleteIfExists(dataName);
        } catch (IOException ignored) {
            // a hidden, recognisable pair: the next run of this download deletes it
        }
        unregister();
    }

    private void unregister() {
        if (registry == null) {
            return;
        }
        try {
            registry.remove(dest);
        } catch (IOException e) {
            // its entry stays: the sweep after the retention finds no partial to delete, and drops it
        }
    }

    private void closeQuietly() {
        try {
            data.close();
        } catch (IOException ignored) {
            // the bytes were written with positional writes; closing has nothing left to flush
        }
        try {
            log.close();
        } catch (IOException ignored) {
            // as above
        }
    }

    /** Which file of which share a log belongs to, without its path: a 64-bit digest of the source path. */
    private static long sourceId(String source) {
        CRC32C high = new CRC32C();
        high.update(source.getBytes(StandardCharsets.UTF_8));
        high.update(0x5A);
        CRC32C low = new CRC32C();
        low.update(source.getBytes(StandardCharsets.UTF_8));
        return (high.getValue() << 32) ^ low.getValue();
    }
}
