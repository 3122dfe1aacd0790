package dev.swarmnet.internal.gateway.files;

import dev.swarmnet.internal.files.Folder;
import dev.swarmnet.internal.files.ResumablePieces;
import dev.swarmnet.internal.transfer.FileReceiver;
import dev.swarmnet.internal.transfer.RangeLog;
import dev.swarmnet.internal.transfer.TurnTakingWrites;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One striped upload on the gateway: its data file (ranges written in place, from any connection), the log
 * of the ranges verified so far ({@link RangeLog}), and the connections working on it. Both files have names
 * derived from the target and the upload id ({@link ResumablePieces}), so when the connections or the whole
 * gateway process go away the pieces stay on disk and the next connection of the same upload picks them up
 * ({@link #resume()}): ranges it verified before are checked again and kept.
 *
 * <p>Ranges are written in place, so two sendings of the same bytes must never both write: each range being
 * received is a {@link RangeWrite}, and the newest sending of a byte supersedes (fences) any older one still in
 * progress — an honest client sends a range again only after it gave up on the connection that carried it, whose
 * handler may still be stuck inside the body (a stalled link) or be about to notice the cut. A fenced write puts
 * no further byte into the file and is never recorded as verified; so a range is verified only if no other
 * sending wrote into it from its start to its end. A range wholly inside verified ones is not written again, one
 * partly inside them is refused, and the commit ({@link #seal()}) fences whatever is still in progress before the
 * data file takes its real name: no stale byte can land in a committed file.
 *
 * <p>The registry ({@link StripedUploads}) guards {@link #holders} and {@link #writing} with its lock; the
 * ranges held and the writes in progress are guarded by this object; a write's own state by the write.
 */
final class UploadPiece {
    private static final int VERIFY_BUFFER = 1024 * 1024;
    /**
     * Separate spans of verified bytes one upload may hold in memory, at most. Adjacent ranges merge into one
     * span, so an honest swarm holds about as many as it has stripes in flight or lost; a client sending tiny
     * ranges with gaps between them would otherwise grow the map without limit (the on-disk log is capped,
     * {@link RangeLog#MAX_RECORDS}). Bounds memory to about 300 KiB per upload, 80 MiB for all
     * {@link StripedUploads#MAX_OPEN} at once.
     */
    static final int MAX_SPANS = 4_096;

    final Path target;
    final Path data;
    final long uploadId;
    private final String targetName;
    private final String dataName;
    private final String logName;
    /** The target's folder, this piece's own handle to it: set by the connection that opens the piece. */
    private Folder folder;
    final Set<Object> holders = new HashSet<>();
    int writing;

    /** The verified bytes: offset to length of separate spans (adjacent ranges merged), at most {@link #MAX_SPANS}. */
    private final TreeMap<Long, Long> stored = new TreeMap<>();
    /** The ranges being written and not yet superseded. */
    private final List<RangeWrite> writes = new ArrayList<>();
    /** Set by the commit: nothing is written or recorded any more. */
    private boolean sealed;
    private long size;
    private long mtimeNanos;
    private FileChannel channel;
    /** The connections storing ranges of this file take turns. */
    private final TurnTakingWrites turns = new TurnTakingWrites();
    private RangeLog log;
    private boolean ready;
    private IOException failure;

    /**
     * @param target   where the file goes (its path: the piece's identity, never used to open it)
     * @param uploadId the client's id for this sending of it
     */
    UploadPiece(Path target, long uploadId) {
        this.target = target;
        this.uploadId = uploadId;
        this.data = ResumablePieces.dataFor(target, uploadId);
        this.targetName = target.getFileName().toString();
        this.dataName = data.getFileName().toString();
        this.logName = ResumablePieces.logFor(data).getFileName().toString();
    }

    /** The target's open folder, this piece's own (closed when the piece is placed, kept or discarded). */
    void useFolder(Folder own) {
        this.folder = own;
    }

    /**
     * Opens the pieces an earlier connection or process left and keeps the ranges that still verify; false
     * when there are none (a half pair or an unreadable log is deleted: nothing in it can be trusted).
     */
    boolean resume() throws IOException {
        if (lastProgressMillis() < 0) {
            deleteFiles();
            return false;
        }
        RangeLog opened = RangeLog.open(folder.openForWriting(logName));
        if (opened == null || opened.header().uploadId() != uploadId) {
            if (opened != null) {
                opened.close();
            }
            deleteFiles();
            return false;
        }
        log = opened;
        size = opened.header().fileSize();
        mtimeNanos = opened.header().mtimeNanos();
        channel = folder.openForWriting(dataName);
        keepVerified(opened.takeLoaded());
        return true;
    }

    /** The newer mtime of the two files, -1 when one is missing (half a pair can never be resumed). */
    private long lastProgressMillis() throws IOException {
        try {
            return Math.max(folder.stat(dataName).lastModifiedTime().toMillis(),
                    folder.stat(logName).lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /** Starts the upload afresh: an empty data file and log (created new: never through a link). */
    void create(long fileSize, long mtime) throws IOException {
        this.size = fileSize;
        this.mtimeNanos = mtime;
        channel = folder.createFile(dataName);
        try {
            log = RangeLog.create(folder.createFile(logName), new RangeLog.Header(uploadId, fileSize, mtime));
        } catch (IOException e) {
            channel.close();
            deleteFiles();
            throw e;
        }
    }

    private void deleteFiles() throws IOException {
        folder.deleteIfExists(logName);
        folder.deleteIfExists(dataName);
    }

    long size() {
        return size;
    }

    long mtimeNanos() {
        return mtimeNanos;
    }

    /** Loading is over, well ({@code failure} null) or not; wakes the connections waiting for it. */
    synchronized void loaded(IOException failure) {
        this.ready = true;
        this.failure = failure;
        notifyAll();
    }

    /** Waits until the connection that opened the pieces is done; throws its failure (the same answer for all). */
    synchronized void awaitLoaded() throws IOException {
        boolean interrupted = false;
        while (!ready) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    synchronized boolean isLoaded() {
        return ready && failure == null;
    }

    /**
     * Starts receiving range {@code [offset, offset + length)} (inside the file): a write that supersedes every
     * older one overlapping it (they write nothing more and will not be recorded), or null when there is nothing
     * to write — the range is empty, already verified, or the file committed — so its body is read and dropped
     * and the range acknowledged. End it with {@link #finish} or {@link #end}.
     *
     * @throws PartlyHeld when the range overlaps verified bytes without lying wholly inside them (an honest
     *     client never sends one: its stripes of one upload never change)
     * @throws TooManySpans when the range would start one separate span too many ({@link #MAX_SPANS})
     */
    synchronized RangeWrite begin(long offset, long length) throws PartlyHeld, TooManySpans {
        if (sealed || length == 0 || covers(offset, offset + length)) {
            return null;
        }
        if (overlaps(offset, length)) {
            throw new PartlyHeld("range " + offset + "+" + length + " overlaps ranges already stored");
        }
        if (!touchesStored(offset, offset + length) && stored.size() + writes.size() >= MAX_SPANS) {
            // Each write in progress may add one span: counting them keeps the bound hard.
            throw new TooManySpans("the upload holds " + MAX_SPANS + " separate ranges already, the most a"
                    + " gateway keeps for one upload; send ranges that join the ones stored");
        }
        RangeWrite write = new RangeWrite(offset, offset + length);
        writes.removeIf(older -> {
            if (older.offset < write.end && write.offset < older.end) {
                older.fence(); // waits for a block it is writing right now
                return true;
            }
            return false;
        });
        writes.add(write);
        return write;
    }

    /**
     * The write's bytes arrived and their checksum matched: records the range as verified, unless a later sending
     * superseded it meanwhile (then its bytes may be mixed with the other's and it is refused; the client sends it
     * again if it still wants it).
     */
    synchronized void finish(RangeWrite write, int crc) throws IOException {
        writes.remove(write);
        if (!write.fence() || sealed) {
            throw new IOException("the range was sent again on another connection meanwhile");
        }
        record(write.offset, write.end - write.offset, crc);
    }

    /** The write is over without being recorded (a bad checksum, a dead connection): it writes nothing more. */
    synchronized void end(RangeWrite write) {
        writes.remove(write);
        write.fence();
    }

    /**
     * Seals the upload for its commit when verified ranges cover the whole file: every write still in progress
     * is fenced (they are stale: a newer sending of their bytes was verified) and none can start. False, and
     * nothing changed, when a byte is missing.
     */
    synchronized boolean seal() {
        if (!isComplete()) {
            return false;
        }
        sealed = true;
        for (RangeWrite write : writes) {
            write.fence();
        }
        writes.clear();
        return true;
    }

    /**
     * A verified range: remembered in the log first (the client is told only afterwards, so an acknowledged
     * range survives the process). A range overlapping others is stored but not logged ({@link #begin} lets
     * none through; kept as a guard), which also bounds the bytes a restart has to check again to the file's size.
     */
    private void record(long offset, long length, int crc) throws IOException {
        if (length == 0 || covers(offset, offset + length)) {
            return;
        }
        if (!overlaps(offset, length)) {
            log.append(new RangeLog.Entry(offset, length, crc));
        }
        store(offset, offset + length);
    }

    /** Adds {@code [from, to)} to the verified bytes, merged with every span it overlaps or touches. */
    private void store(long from, long to) {
        Map.Entry<Long, Long> before = stored.floorEntry(from);
        if (before != null && before.getKey() + before.getValue() >= from) {
            from = before.getKey();
            to = Math.max(to, before.getKey() + before.getValue());
        }
        for (Map.Entry<Long, Long> next = stored.ceilingEntry(from); next != null && next.getKey() <= to;
                next = stored.ceilingEntry(from)) {
            to = Math.max(to, next.getKey() + next.getValue());
            stored.remove(next.getKey());
        }
        stored.put(from, to - from);
    }

    /** Whether {@code [from, to)} would join a stored span (touching it at either end) rather than start one. */
    private boolean touchesStored(long from, long to) {
        Map.Entry<Long, Long> before = stored.floorEntry(from);
        if (before != null && before.getKey() + before.getValue() >= from) {
            return true;
        }
        Long after = stored.ceilingKey(from);
        return after != null && after <= to;
    }

    /** Whether verified ranges cover every byte of {@code [from, to)}. */
    private boolean covers(long from, long to) {
        Map.Entry<Long, Long> before = stored.floorEntry(from);
        if (before == null) {
            return false;
        }
        long covered = before.getKey() + before.getValue();
        for (Map.Entry<Long, Long> range : stored.tailMap(from, false).entrySet()) {
            if (covered >= to || range.getKey() > covered) {
                break;
            }
            covered = Math.max(covered, range.getKey() + range.getValue());
        }
        return covered >= to;
    }

    /** Whether verified ranges cover every byte of the file. */
    synchronized boolean isComplete() {
        long covered = 0;
        for (Map.Entry<Long, Long> range : stored.entrySet()) {
            if (range.getKey() > covered) {
                return false;
            }
            covered = Math.max(covered, range.getKey() + range.getValue());
        }
        return covered == size;
    }

    /** The verified bytes as sorted, merged spans; at most {@code max} of them (the first ones). */
    synchronized List<FileFrames.Span> heldSpans(int max) {
        List<FileFrames.Span> spans = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (Map.Entry<Long, Long> range : stored.entrySet()) {
            if (range.getKey() > end) {
                if (start >= 0 && !add(spans, start, end, max)) {
                    return spans;
                }
                start = range.getKey();
            }
            end = Math.max(end, range.getKey() + range.getValue());
        }
        if (start >= 0) {
            add(spans, start, end, max);
        }
        return spans;
    }

    /**
     * Takes the target's name: the data gets its mtime and permission bits ({@code mode}, as the gateway
     * applies them to uploads), and is renamed, then the log goes.
     */
    void place(int mode) throws IOException {
        try {
            closeFiles();
            FileReceiver.place(folder, dataName, targetName, mtimeNanos, mode, false);
            folder.deleteIfExists(logName); // the data has its real name now
        } finally {
            closeFolder();
        }
    }

    /** Closes the files and leaves them on disk for the upload to resume later. */
    void closeKeeping() {
        try {
            closeFiles();
        } catch (IOException ignored) {
            // closing a file we only wrote positionally; nothing is lost that the log does not describe
        } finally {
            closeFolder();
        }
    }

    /** Closes the files and deletes them: the upload is abandoned. */
    void discard() {
        try {
            closeFiles();
            if (folder != null) {
                deleteFiles();
            }
        } catch (IOException ignored) {
            // hidden, recognisable names: the next start-up sweep removes them
        } finally {
            closeFolder();
        }
    }

    private void closeFiles() throws IOException {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            if (log != null) {
                log.close();
            }
        }
    }

    private void closeFolder() {
        if (folder != null) {
            try {
                folder.close();
            } catch (IOException ignored) {
                // a directory handle only read from
            }
        }
    }

    /**
     * Keeps the logged ranges whose bytes still match their CRC32C, skipping any that overlap kept ones, and
     * any that would start a span beyond {@link #MAX_SPANS} (the client sends those again).
     */
    private void keepVerified(List<RangeLog.Entry> entries) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(VERIFY_BUFFER);
        for (RangeLog.Entry e : entries) {
            long end = e.offset() + e.length();
            boolean room = stored.size() < MAX_SPANS || touchesStored(e.offset(), end);
            if (room && !overlaps(e.offset(), e.length()) && RangeLog.holds(channel, e, buffer)) {
                store(e.offset(), end);
            }
        }
    }

    private boolean overlaps(long offset, long length) {
        Map.Entry<Long, Long> before = stored.floorEntry(offset);
        if (before != null && before.getKey() + before.getValue() > offset) {
            return true;
        }
        Long after = stored.higherKey(offset);
        return after != null && after < offset + length;
    }

    /**
     * One sending of one range, written block by block into the data file until it is fenced: after
     * {@link #fence()} returns, it writes no byte any more (a block being written finishes first).
     */
    final class RangeWrite implements FrameReader.RawTarget {
        final long offset;
        final long end;
        private boolean fenced;

        private RangeWrite(long offset, long end) {
            this.offset = offset;
            this.end = end;
        }

        @Override
        public synchronized void write(ByteBuffer data, long position) throws IOException {
            if (fenced) {
                throw new IOException("the range was sent again on another connection meanwhile");
            }
            if (position < offset || data.remaining() > end - position) {
                throw new IOException("bytes outside the range"); // the reader never does this
            }
            turns.write(channel, data, position);
        }

        /** Stops the write for good; true if this call stopped it (it was not fenced before). */
        synchronized boolean fence() {
            boolean was = fenced;
            fenced = true;
            return !was;
        }
    }

    /** A range that would start one span too many ({@link #MAX_SPANS}): refused, nothing written. */
    static final class TooManySpans extends IOException {
        TooManySpans(String message) {
            super(message);
        }
    }

    /** A range that overlaps verified bytes in part: refused, so that verified bytes are never written over. */
    static final class PartlyHeld extends IOException {
        PartlyHeld(String message) {
            super(message);
        }
    }

    private static boolean add(List<FileFrames.Span> spans, long start, long end, int max) {
        if (spans.size() >= max) {
            return false;
        }
        spans.add(new FileFrames.Span(start, end - start));
        return true;
    }
}
