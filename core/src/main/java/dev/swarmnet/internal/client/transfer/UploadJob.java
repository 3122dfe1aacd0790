package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileFailure;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.TransferListener;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.client.Operation;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.transfer.ChecksumCache;
import dev.swarmnet.internal.transfer.FileSender;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uploads whole files over one or more connections. Each connection sends files back to back and
 * reads the gateway's FILE_ACKs behind them, keeping a window of unacknowledged files: no round trip
 * per file. Files are dealt out on demand, so a fast connection sends more.
 */
public final class UploadJob extends TransferJob {
    /** Unacknowledged files per connection; their acks (tens of bytes each) always fit the socket buffers. */
    private static final int ACK_WINDOW = 64;
    /**
     * Unacknowledged bytes per connection beyond the first range: enough to keep a link busy, little enough
     * that one connection does not take every stripe of a large file before the others start.
     */
    private static final long WINDOW_BYTES = 4L * 1024 * 1024;

    private final String dirname;
    /** Connections of this transfer that died: after one, striped files are checked before their commit. */
    private final AtomicInteger losses = new AtomicInteger();
    /** The files sent in stripes, by entry; a file sent whole is not here. */
    private final Map<FileEntry, StripedUpload> striped;
    /** Whether the striped files' ids hold in the next run, which can then continue what this one leaves. */
    private final boolean acrossRuns;
    /** The tree's folders, placed once every file is in; skipped entries, for the report. */
    private final List<UploadFolder> folders;
    private final List<SkippedFile> skipped;
    /** A connection whose lane ended in step: the folders are placed over it. */
    private volatile Connection lastInStep;

    private UploadJob(UploadSet set, List<FileRange> ranges, List<FileFailure> refused,
            Map<FileEntry, StripedUpload> striped, boolean acrossRuns, TransferListener listener) {
        super(ranges, refused, listener);
        this.dirname = set.dirname();
        this.striped = striped;
        this.acrossRuns = acrossRuns;
        this.folders = set.folders();
        this.skipped = set.skipped();
    }

    /**
     * Plans sending {@code set}'s files into {@code <gateway download dir>/<dirname>}, each at its dest, then
     * placing its folders; files larger than {@code stripeSize} (0: never) are sent in stripes that any connection
     * may take. With {@code options.preservePermissions()} each file's and folder's permission bits travel (the
     * gateway applies them, without group and others write); without, the gateway's default applies.
     */
    public static UploadJob plan(UploadSet set, long stripeSize, FileOptions options,
            TransferListener listener) throws IOException {
        boolean preservePermissions = options.preservePermissions();
        List<FileEntry> entries = new ArrayList<>();
        DuplicateNames duplicates = new DuplicateNames();
        long total = 0;
        List<FileFailure> notSent = new ArrayList<>(set.failed());
        for (LocalFile local : set.files()) {
            Path file = local.source();
            String misnamed = LocalNames.problem(file);
            if (misnamed != null) {
                notSent.add(new FileFailure(LocalNames.shown(file), misnamed));
                continue;
            }
            BasicFileAttributes attrs = local.attrs() != null ? local.attrs() : FileModes.readLocal(file);
            if (!attrs.isRegularFile()) {
                throw new IllegalArgumentException("not a regular file: " + file);
            }
            FileEntry entry = new FileEntry(file.toString(), local.dest(), attrs.size(),
                    FileModes.nanos(attrs.lastModifiedTime()), preservePermissions ? FileModes.of(attrs) : FileModes.NONE);
            if (duplicates.admit(entry)) {
                entries.add(entry);
                total += attrs.size();
            }
        }
        List<FileRange> ranges = new ArrayList<>();
        Map<FileEntry, StripedUpload> striped = new ConcurrentHashMap<>();
        int commitTags = Integer.MAX_VALUE; // counted down: never meets the ranges' tags, counted up from 0
        for (FileEntry entry : entries) {
            if (stripeSize <= 0 || entry.size() <= stripeSize) {
                ranges.add(new FileRange(ranges.size(), entry, 0, entry.size(), 0));
                continue;
            }
            List<FileRange> stripes = new ArrayList<>();
            for (long offset = 0; offset < entry.size(); offset += stripeSize) {
                stripes.add(new FileRange(ranges.size() + stripes.size(), entry, offset,
                        Math.min(stripeSize, entry.size() - offset), 0));
            }
            StripedUpload upload = new StripedUpload(options.uploadIds().idFor(set.dirname(), entry), commitTags--,
                    stripes);
            striped.put(entry, upload);
            if (options.uploadIds().acrossRuns()) {
                // An earlier run may have left pieces of this very sending: ask first, then send what they miss.
                ranges.add(FileRange.queryOf(upload.commitTag, entry));
            } else {
                ranges.addAll(stripes);
            }
        }
        listener.transferPlanned(entries.size(), total);
        notSent.addAll(duplicates.refused());
        UploadSet placed = preservePermissions ? set : set.withoutModes();
        return new UploadJob(placed, ranges, notSent, striped, options.uploadIds().acrossRuns(), listener);
    }

    @Override
    protected List<SkippedFile> skipped() {
        return skipped;
    }

    /**
     * Places the tree's folders once every lane has ended (their files are in), over a connection that ended in
     * step; without one, each folder fails with the reason.
     */
    @Override
    protected void lanesEnded(Operation operation) {
        if (!folders.isEmpty()) {
            refused(FolderPlacement.place(operation, lastInStep, dirname, folders));
        }
    }

    @Override
    protected void work(Connection connection) throws IOException, InterruptedException {
        FileSender sender = new FileSender(connection.writer(), ChecksumCache.none());
        ArrayDeque<FileRange> unacknowledged = new ArrayDeque<>();
        boolean lost = false;
        try {
            while (true) {
                sendWhileWindowAllows(connection, sender, unacknowledged);
                if (unacknowledged.isEmpty()) {
                    if (!plan.awaitWork()) {
                        lastInStep = connection;
                        return;
                    }
                    continue;
                }
                readAck(connection, unacknowledged.peek());
                unacknowledged.poll(); // only once its ack is handled: a cut before that gives it back
            }
        } catch (IOException e) {
            lost = true;
            losses.incrementAndGet();
            throw e;
        } finally {
            if (lost) {
                requeueAfterLoss(new ArrayList<>(unacknowledged));
            } else {
                plan.requeue(unacknowledged);
            }
        }
    }

    private void sendWhileWindowAllows(Connection connection, FileSender sender, ArrayDeque<FileRange> unacknowledged)
            throws IOException {
        boolean sent = false;
        while (unacknowledged.size() < ACK_WINDOW && (unacknowledged.isEmpty() || bytes(unacknowledged) < WINDOW_BYTES)) {
            List<FileRange> next = plan.take(1, 0);
            if (next.isEmpty()) {
                break;
            }
            FileRange range = checkedCommit(next.get(0));
            if (hasFailed(range)) {
                rangeCompleted(1); // another stripe of its file failed for good: nothing more to send
                continue;
            }
            unacknowledged.add(range); // before sending: a failed send must give it back
            if (send(connection, sender, range)) {
                sent = true;
            } else {
                unacknowledged.removeLast();
            }
        }
        if (sent) {
            connection.writer().flush();
        }
    }

    /**
     * A commit becomes a query when a connection of the transfer died since the file was last checked: the
     * gateway may have restarted, or let pieces expire, so the client learns which stripes it still holds.
     */
    private FileRange checkedCommit(FileRange range) {
        if (!range.commit()) {
            return range;
        }
        StripedUpload stripes = striped.get(range.entry());
        return stripes.queryBeforeCommit(losses.get()) ? FileRange.queryOf(range.tag(), range.entry()) : range;
    }

    private static long bytes(ArrayDeque<FileRange> ranges) {
        long total = 0;
        for (FileRange r : ranges) {
            total += r.length();
        }
        return total;
    }

    /** Sends one piece of work; false when it could not be sent (then its file has failed). */
    private boolean send(Connection connection, FileSender sender, FileRange range) throws IOException {
        FileEntry entry = range.entry();
        StripedUpload stripes = striped.get(entry);
        if (range.commit()) {
            connection.writer().append(sink -> FileFrames.putCommit(sink,
                    new FileFrames.PutCommit(range.tag(), stripes.uploadId, dirname, entry.dest(), entry.mode())));
            return true;
        }
        if (range.query()) {
            connection.writer().append(sink -> FileFrames.putQuery(sink, new FileFrames.PutQuery(range.tag(),
                    stripes.uploadId, dirname, entry.dest(), entry.size(), entry.mtimeNanos())));
            return true;
        }
        if (range.offset() == 0) {
            listener.fileStarted(entry.dest(), entry.size()); // again when it is sent again, as downloads do
        }
        try {
            if (stripes == null) {
                sender.sendUpload(range.tag(), dirname, entry.dest(), Path.of(entry.source()),
                        entry.mode() != FileModes.NONE);
                return true;
            }
            FileFrames.PutRangeHeader header = new FileFrames.PutRangeHeader(range.tag(), stripes.uploadId, dirname,
                    entry.dest(), range.offset(), range.length(), entry.size(), entry.mtimeNanos());
            if (sender.sendUploadRange(header, Path.of(entry.source()))) {
                return true;
            }
            fail(range, "the local file changed after the upload was planned");
        } catch (java.nio.file.NoSuchFileException e) {
            fail(range, "the local file disappeared");
        } catch (java.nio.file.FileSystemException e) {
            // Opening it failed (permission denied, ...) before a byte of its frame was written: the connection
            // is in step, and only this file fails, with the system's reason.
            fail(range, "cannot read the local file: " + systemReason(e));
        }
        return false;
    }

    /** The system's words for a failure to open a file (the JDK leaves them out of some: it names the path). */
    private static String systemReason(java.nio.file.FileSystemException e) {
        if (e.getReason() != null) {
            return e.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getClass().getSimpleName();
    }

    private void readAck(Connection connection, FileRange range) throws IOException {
        if (range.query()) {
            readHave(connection, range);
            return;
        }
        if (connection.next() != Protocol.FILE_ACK) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "expected FILE_ACK"));
        }
        FileFrames.Outcome ack = connection.read(FileFrames::readOutcome);
        if (ack.tag() != range.tag()) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_ACK out of order"));
        }
        if (ack.code() == 0) {
            acknowledged(range);
        } else if (ack.errorCode() == ErrorCode.CHECKSUM_MISMATCH && !range.commit()) {
            retryOrFail(range, ack.message());
        } else {
            fail(range, ack.errorCode() + ": " + ack.message());
        }
    }

    private void readHave(Connection connection, FileRange query) throws IOException {
        if (connection.next() != Protocol.FILE_PUT_HAVE) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "expected FILE_PUT_HAVE"));
        }
        FileFrames.Have have = connection.read(FileFrames::readHave);
        if (have.tag() != query.tag()) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_PUT_HAVE out of order"));
        }
        StripedUpload stripes = striped.get(query.entry());
        if (have.code() == 0) {
            List<FileRange> missing = stripes.missing(have.spans());
            stripes.firstHeld(missing);
            resume(query, stripes, missing);
        } else if (have.errorCode() == ErrorCode.NOT_FOUND) {
            stripes.firstHeld(stripes.stripes());
            resume(query, stripes, stripes.stripes()); // nothing kept (expired, or another download dir): all again
        } else {
            fail(query, have.errorCode() + ": " + have.message());
        }
    }

    /**
     * Continues a striped file after the gateway said what it holds: the commit when that is all of it, else
     * the missing stripes again (a bounded number of times: a gateway that keeps losing them fails the file).
     */
    private void resume(FileRange query, StripedUpload stripes, List<FileRange> missing) {
        if (hasFailed(query)) {
            rangeCompleted(1);
        } else if (missing.isEmpty()) {
            plan.addWork(FileRange.commitOf(stripes.commitTag, query.entry())); // before the query counts as done
            rangeCompleted(1);
        } else if (stripes.queries() >= MAX_LOSSES) {
            fail(query, "the gateway lost stripes of it " + MAX_LOSSES + " times");
        } else {
            stripes.rangesLeft.set(missing.size());
            missing.forEach(plan::addWork);
            rangeCompleted(1);
        }
    }

    private void acknowledged(FileRange range) {
        FileEntry entry = range.entry();
        StripedUpload stripes = striped.get(entry);
        if (!range.commit()) {
            listener.bytesMoved(range.length());
            if (stripes != null) {
                stripes.acknowledgedBytes.addAndGet(range.length());
            }
        } else {
            stripes.committed();
        }
        if (stripes == null || range.commit()) {
            fileCompleted(entry.dest(), entry.size());
        } else if (stripes.rangesLeft.decrementAndGet() == 0 && !hasFailed(range)) {
            plan.addWork(FileRange.commitOf(stripes.commitTag, entry)); // before this range counts as finished
        }
        rangeCompleted(1);
    }

    @Override
    protected long resumedBytes() {
        long total = 0;
        for (StripedUpload s : striped.values()) {
            total += s.heldBefore();
        }
        return total;
    }

    /** What the gateway keeps of the striped files that were not committed, when a later run can come back to it. */
    @Override
    protected long keptBytes() {
        if (!acrossRuns) {
            return 0;
        }
        long total = 0;
        for (StripedUpload s : striped.values()) {
            total += s.kept();
        }
        return total;
    }

    @Override
    protected void abandon(FileRange range, String reason) {
        // Nothing of a failed upload takes a real name on the gateway: it renames only verified files, and
        // the pieces of a striped one stay hidden until its resumable-upload retention has passed.
    }
}
