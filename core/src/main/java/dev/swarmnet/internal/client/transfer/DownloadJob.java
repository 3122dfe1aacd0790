package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.ExistingFiles;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.RemoteException;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.TransferListener;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.client.Operation;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.transfer.BodyBuffers;
import dev.swarmnet.internal.transfer.FileReceiver;
import dev.swarmnet.internal.transfer.FileWriters;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.FrameSink;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * Downloads the files a query selects over one or more connections. The first connection asks for the
 * listing, which the gateway sends in parts while it walks its folders; every part's files go into the plan at
 * once, so every connection starts fetching from the first part, the first one too (it asks for files between
 * the listing's parts, and the gateway answers between the parts it sends). Each connection keeps two FILE_GET
 * batches in flight, so the gateway always has the next files to send while the previous ones arrive: no
 * round trip per file. Large files are striped into ranges that any connection may take.
 */
public final class DownloadJob extends TransferJob {
    /** Ranges per FILE_GET batch, and roughly how many bytes. */
    private static final int BATCH_ITEMS = 256;
    private static final long BATCH_BYTES = 32L * 1024 * 1024;
    private static final int BATCHES_IN_FLIGHT = 2;
    /** Files up to this size are received into memory and stored by {@link FileWriters}. */
    private static final long SMALL_FILE = 256 * 1024;

    private final Path downloadDir;
    private final FileQuery query;
    private final DownloadCheck check;
    private final long stripeSize;
    private final boolean preservePermissions;
    private final ExistingFiles existing;
    private final StreamedListing listing;
    private final AtomicInteger nextTag = new AtomicInteger();
    private TargetFolders folders;
    private PartialRegistry partials;
    /** Where this download has temporaries, for the next one to clean up if this one is killed; null if unknown. */
    private RunRecord run;
    private FileWriters writers;
    private final Map<FileEntry, FileAssembly> assemblies = new ConcurrentHashMap<>();
    private final Map<FileEntry, Integer> rangeCounts = new ConcurrentHashMap<>();
    private final BodyBuffers bodies = new BodyBuffers((int) SMALL_FILE);
    private final AtomicLong resumed = new AtomicLong();
    /** Set once the lanes have ended: what the partials of the files that did not arrive keep. */
    private long kept;

    private DownloadJob(Path downloadDir, FileQuery query, long stripeSize, FileOptions options, DownloadCheck check,
            Connection listingConnection, TransferListener listener) {
        super(TransferPlan.listing(), listener);
        this.downloadDir = downloadDir;
        this.query = query;
        this.check = check;
        this.stripeSize = stripeSize;
        this.preservePermissions = options.preservePermissions();
        this.existing = options.existing();
        this.listing = new StreamedListing(query, listingConnection, plan, listener, this::plan, this::refused,
                preservePermissions);
    }

    /**
     * A download of what {@code query} selects, listed over {@code listingConnection} (which must be the
     * connection of one of the lanes it then runs on), striping files larger than {@code stripeSize} (0: never);
     * files and folders get the listed permission bits if {@code preservePermissions}; {@code check} tells which
     * files are there already.
     */
    static DownloadJob of(Path downloadDir, FileQuery query, long stripeSize, FileOptions options,
            DownloadCheck check, Connection listingConnection, TransferListener listener) {
        return new DownloadJob(downloadDir, query, stripeSize, options, check, listingConnection, listener);
    }

    /**
     * Once the transfer has run: why it fails as a whole (the gateway refused the query, or the listing was cut
     * short and no connection was left to finish it), or null.
     */
    public IOException listingFailure() {
        return listing.failure();
    }

    @Override
    protected Duration listingTime(long start) {
        long ended = listing.endedNanos();
        return ended == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, ended - start));
    }

    /** A listed file's ranges; none when its destination already holds it ({@link ExistingFiles}). */
    private List<FileRange> plan(FileEntry e) {
        try {
            if (check.upToDate(e, folders())) {
                countUnchanged(1);
                return List.of();
            }
        } catch (IOException ex) {
            // the download folder cannot be opened: every file fails with the reason when it is written
        }
        return e.size() >= DownloadPartial.MIN_SIZE ? resumable(e) : stripe(e);
    }

    /**
     * A large file's ranges: those its partial (left by an earlier, cut run of this download, or new) does not
     * hold yet. When the partial cannot be opened the file is fetched as any other, and fails with the reason
     * if it cannot be written either.
     */
    private List<FileRange> resumable(FileEntry e) {
        TargetFolders.Target target;
        DownloadPartial partial;
        try {
            target = folders().target("", e.dest(), DownloadPartial.EXTRA_BYTES);
        } catch (IOException ex) {
            return stripe(e);
        }
        try {
            partial = DownloadPartial.open(target.folder(), target.name(), e, partials);
        } catch (IOException ex) {
            target.close();
            return stripe(e);
        }
        List<long[]> gaps = partial.missing(e.size(), stripeSize > 0 ? stripeSize : DownloadPartial.RANGE);
        FileAssembly assembly = FileAssembly.resumable(e, target, partial, gaps.size());
        assemblies.put(e, assembly);
        resumed.addAndGet(partial.resumedBytes());
        if (gaps.isEmpty()) {
            placeWhole(assembly);
            return List.of();
        }
        List<FileRange> ranges = new ArrayList<>(gaps.size());
        for (long[] gap : gaps) {
            ranges.add(new FileRange(nextTag.getAndIncrement(), e, gap[0], gap[1], 0));
        }
        rangeCounts.put(e, ranges.size());
        return ranges;
    }

    /** A partial an earlier run completed but did not place: it takes its name now. */
    private void placeWhole(FileAssembly assembly) {
        FileEntry e = assembly.entry();
        try {
            if (assembly.placeIfComplete()) {
                fileCompleted(e.dest(), e.size());
            }
        } catch (IOException ex) {
            refused(List.of(new FileFailure(e.dest(), "cannot place the file: " + FileReceiver.reason(ex))));
        }
    }

    /** A listed file's ranges: one for a small file, stripes of a large one. */
    private List<FileRange> stripe(FileEntry e) {
        long stripe = stripeSize > 0 && e.size() > stripeSize ? stripeSize : Math.max(e.size(), 1);
        List<FileRange> ranges = new ArrayList<>();
        for (long offset = 0; offset < e.size() || ranges.isEmpty(); offset += stripe) {
            ranges.add(new FileRange(nextTag.getAndIncrement(), e, offset, Math.min(stripe, e.size() - offset), 0));
        }
        rangeCounts.put(e, ranges.size());
        return ranges;
    }

    @Override
    protected void work(Connection connection) throws IOException, InterruptedException {
        ArrayDeque<List<FileRange>> inFlight = new ArrayDeque<>();
        FileWriters.Group verified = new FileWriters.Group(this::writers);
        boolean lost = false;
        try {
            if (listing.claim(connection)) {
                listing.request(connection);
            }
            while (true) {
                while (inFlight.size() < BATCHES_IN_FLIGHT) {
                    List<FileRange> batch = plan.take(BATCH_ITEMS, BATCH_BYTES);
                    if (batch.isEmpty()) {
                        break;
                    }
                    inFlight.add(new ArrayList<>(batch)); // before sending: a failed send must give it back
                    connection.send(sink -> requestRanges(sink, batch));
                }
                if (inFlight.isEmpty()) {
                    if (listing.isOpenOn(connection)) {
                        readListing(connection, nextFrame(connection)); // nothing else is due
                    } else if (listing.claim(connection)) {
                        listing.request(connection); // its connection was lost: this one lists the rest
                    } else if (!plan.awaitWork()) {
                        return;
                    }
                    continue;
                }
                List<FileRange> batch = inFlight.peek();
                while (!batch.isEmpty()) {
                    receive(connection, batch.get(0), verified);
                    batch.remove(0);
                }
                inFlight.poll();
                verified.flush();
            }
        } catch (IOException e) {
            lost = true;
            listing.lost(connection, e);
            throw e;
        } finally {
            verified.flush(); // verified files are stored whatever happens to the connection
            // Nothing of these arrived verified: another connection (or this one's replacement) sends them.
            List<FileRange> unfinished = new ArrayList<>();
            inFlight.forEach(unfinished::addAll);
            if (lost) {
                requeueAfterLoss(unfinished);
            } else {
                plan.requeue(unfinished);
            }
        }
    }

    /**
     * Asks for a batch of ranges: as FILE_GET, or as FILE_REGET as soon as one of them is a retry after a mismatch
     * (the gateway then reads the file afresh instead of trusting a checksum it kept).
     */
    static void requestRanges(FrameSink sink, List<FileRange> batch) throws IOException {
        List<FileFrames.GetItem> items = new ArrayList<>(batch.size());
        boolean retry = false;
        for (FileRange range : batch) {
            items.add(new FileFrames.GetItem(range.tag(), range.entry().source(), range.offset(), range.length()));
            retry |= range.attempt() > 0;
        }
        FileFrames.get(sink, items, retry);
    }

    /** No frame type: the listing's refusal (an ERROR that leaves the connection open), already handled. */
    private static final int REFUSED = -1;

    /**
     * The type of the next frame, or {@link #REFUSED}: while this connection reads the listing, the listing's
     * frames (and its refusal) may come before any reply.
     */
    private int nextFrame(Connection connection) throws IOException {
        try {
            return connection.next();
        } catch (RemoteException e) {
            if (!listing.isOpenOn(connection) || !connection.isOpen()) {
                throw e;
            }
            listing.refused(connection, e);
            return REFUSED;
        }
    }

    private void readListing(Connection connection, int type) throws IOException {
        if (type != REFUSED) {
            listing.read(connection, type);
        }
    }

    /** The type of the next reply to a FILE_GET item, the listing's frames before it handled on the way. */
    private int nextReply(Connection connection) throws IOException {
        while (true) {
            int type = nextFrame(connection);
            if (type == Protocol.FILE_DATA || type == Protocol.FILE_FAILED) {
                return type;
            }
            if (type != REFUSED && !listing.isOpenOn(connection)) {
                throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                        "expected FILE_DATA or FILE_FAILED, got frame type 0x" + Integer.toHexString(type)));
            }
            readListing(connection, type);
        }
    }

    private void receive(Connection connection, FileRange range, FileWriters.Group verified) throws IOException {
        int type = nextReply(connection);
        FrameReader reader = connection.reader();
        if (type == Protocol.FILE_FAILED) {
            FileFrames.Outcome outcome = connection.read(FileFrames::readOutcome);
            checkTag(outcome.tag(), range);
            discardPartial(range); // the file itself failed on the gateway (gone, changed): nothing to continue
            fail(range, outcome.errorCode() + ": " + outcome.message());
            return;
        }
        FileFrames.DataHeader header = connection.read(FileFrames::readData);
        checkTag(header.tag(), range);
        if (header.offset() != range.offset() || header.length() != range.length()) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_DATA for another range"));
        }
        FileEntry entry = range.entry();
        if (header.fileSize() != entry.size() || header.mtimeNanos() != entry.mtimeNanos()) {
            FileReceiver.discard(reader, range.length());
            discardPartial(range); // of a version that is gone
            fail(range, "the file changed on the gateway after it was listed; transfer it again");
            return;
        }
        if (isSmallWholeFile(range)) {
            receiveSmall(reader, range, verified);
            return;
        }
        boolean failedBefore = hasFailed(range);
        FileAssembly assembly = failedBefore ? null : assemblyOrFail(range);
        FrameReader.RawTarget out = assembly == null ? null : writerOrFail(assembly, range);
        if (range.offset() == 0 && out != null) {
            listener.fileStarted(entry.dest(), entry.size());
        }
        CRC32C crc = new CRC32C();
        String problem = FileReceiver.receiveInto(reader, out, range.tag(), range.offset(), range.length(), crc,
                listener::bytesMoved);
        if (out == null) {
            if (failedBefore) {
                rangeCompleted(1); // its file failed through another range; these bytes were dropped
            }
        } else if (problem != null) {
            retryOrFail(range, problem);
        } else {
            finishRange(assembly, range, crc);
        }
    }

    /** A file that fits in memory and came in one range: no temporary file is opened until it is verified. */
    private static boolean isSmallWholeFile(FileRange range) {
        return range.offset() == 0 && range.length() == range.entry().size() && range.length() <= SMALL_FILE;
    }

    /** Reads and verifies the body here, then leaves storing it to the writer threads. */
    private void receiveSmall(FrameReader reader, FileRange range, FileWriters.Group verified) throws IOException {
        FileEntry entry = range.entry();
        listener.fileStarted(entry.dest(), entry.size());
        int length = (int) range.length();
        byte[] body = bodies.take(length);
        CRC32C crc = new CRC32C();
        String problem;
        try {
            reader.readRawFully(body, length, crc);
            listener.bytesMoved(length);
            problem = FileReceiver.verify(FileReceiver.readTrailer(reader, range.tag()), crc);
        } catch (IOException | RuntimeException e) {
            bodies.give(body);
            throw e;
        }
        if (problem != null) {
            bodies.give(body);
            retryOrFail(range, problem);
            return;
        }
        verified.add(length, () -> store(range, body, length));
    }

    private void store(FileRange range, byte[] body, int length) {
        try {
            store(range.entry(), body, length);
        } catch (IOException e) {
            fail(range, e.getMessage());
            return;
        } finally {
            bodies.give(body);
        }
        fileCompleted(range.entry().dest(), range.entry().size());
        rangeCompleted(1);
    }

    /** A verified small file under its name; the failure's message says why not. */
    private void store(FileEntry entry, byte[] body, int length) throws IOException {
        TargetFolders.Target target;
        try {
            target = folders().target("", entry.dest());
            noteTemporaryBeside(entry.dest());
        } catch (IOException e) {
            throw new IOException("refused destination: " + e.getMessage(), e);
        }
        try (target) {
            FileReceiver.store(target, body, length, entry.mtimeNanos(), entry.mode());
        } catch (IOException e) {
            throw new IOException("cannot store the file: " + FileReceiver.reason(e), e);
        }
    }

    private synchronized FileWriters writers() {
        if (writers == null) {
            writers = new FileWriters();
        }
        return writers;
    }

    @Override
    protected void lanesEnded(Operation operation) {
        FileWriters startedWriters;
        TargetFolders openFolders;
        synchronized (this) {
            startedWriters = writers;
            openFolders = folders;
        }
        if (startedWriters != null) {
            startedWriters.close();
        }
        assemblies.values().forEach(FileAssembly::abandon); // none is left but those of failed files
        for (FileAssembly a : assemblies.values()) {
            kept += a.kept();
        }
        placeLinks(); // before the folders get their times: making a link changes its folder's
        placeFolders();
        RunRecord record;
        synchronized (this) {
            openFolders = folders;
            record = run;
        }
        if (record != null) {
            record.close(); // every temporary is gone: written files have their names, abandoned ones were deleted
        }
        if (openFolders != null) {
            openFolders.close();
        }
    }

    @Override
    protected long resumedBytes() {
        return resumed.get();
    }

    @Override
    protected long keptBytes() {
        return kept;
    }

    @Override
    protected List<SkippedFile> skipped() {
        return listing.skipped();
    }

    /**
     * Creates the listed sub-folders (empty ones have no file to make them) and gives each its mtime and
     * permission bits, as rsync does at the end: after their files are in, which would change the mtime, and
     * children before their parent (the reverse of the listing's order), so that a parent's mode without write
     * or search access for its owner comes last. A folder that cannot be made or timed fails like a file.
     */
    private void placeFolders() {
        List<FileFrames.Listed> listed = listing.folders();
        if (listed.isEmpty()) {
            return;
        }
        List<FileFailure> failed = new ArrayList<>();
        for (int i = listed.size() - 1; i >= 0; i--) {
            FileFrames.Listed folder = listed.get(i);
            try {
                placeFolder(folder);
            } catch (IOException e) {
                failed.add(new FileFailure(folder.dest(), "cannot make the folder: " + FileReceiver.reason(e)));
            }
        }
        refused(failed);
    }

    /** Makes the listed links ({@link ListedLinks}); one that cannot be made fails like a file. */
    private void placeLinks() {
        List<FileFailure> failed = new ArrayList<>();
        for (FileFrames.Listed link : listing.links()) {
            try {
                noteTemporaryBeside(link.dest());
                if (ListedLinks.place(folders(), link, existing) == ListedLinks.Outcome.UNCHANGED) {
                    countUnchanged(1);
                } else {
                    fileCompleted(link.dest(), 0);
                }
            } catch (IOException e) {
                failed.add(new FileFailure(link.dest(), "cannot make the link: " + FileReceiver.reason(e)));
            }
        }
        refused(failed);
    }

    private void placeFolder(FileFrames.Listed folder) throws IOException {
        try (TargetFolders.Target target = folders().target("", folder.dest())) {
            target.folder().createFolder(target.name()).close();
            target.folder().setModifiedTime(target.name(), FileModes.time(folder.mtimeNanos()));
            if (preservePermissions && folder.mode() != FileModes.NONE) {
                target.folder().setPermissions(target.name(), folder.mode());
            }
        }
    }

    private void finishRange(FileAssembly assembly, FileRange range, CRC32C crc) {
        try {
            if (assembly.rangeDone(range, crc)) {
                fileCompleted(range.entry().dest(), range.entry().size());
            }
            rangeCompleted(1);
        } catch (IOException e) {
            fail(range, "cannot place the file: " + FileReceiver.reason(e));
        }
    }

    /** The file's assembly; when its destination is refused (a hostile listing) the file fails. */
    private FileAssembly assemblyOrFail(FileRange range) {
        FileAssembly existing = assemblies.get(range.entry());
        if (existing != null) {
            return existing;
        }
        try {
            FileAssembly created = new FileAssembly(folders(), range.entry(), rangeCounts.get(range.entry()));
            noteTemporaryBeside(range.entry().dest());
            FileAssembly raced = assemblies.putIfAbsent(range.entry(), created);
            if (raced != null) {
                created.abandon();
                return raced;
            }
            return created;
        } catch (IOException e) {
            fail(range, "refused destination: " + e.getMessage());
            return null;
        }
    }

    /** Notes the folder of {@code dest} in the run record before a temporary is made there. */
    private void noteTemporaryBeside(String dest) throws IOException {
        RunRecord record;
        synchronized (this) {
            record = run;
        }
        if (record != null) {
            int slash = dest.lastIndexOf('/');
            record.note(slash < 0 ? "" : dest.substring(0, slash));
        }
    }

    /**
     * The download folder's tree, its root created and opened once per job rather than per file; opening it
     * deletes the partials earlier runs left there longer than their retention ({@link PartialRegistry}).
     */
    private synchronized TargetFolders folders() throws IOException {
        if (folders == null) {
            folders = TargetFolders.open(downloadDir);
            partials = new PartialRegistry(folders, System::currentTimeMillis);
            try {
                partials.sweep();
            } catch (IOException e) {
                // an unreadable registry: its partials wait for their own downloads, which continue or replace them
            }
            try {
                run = RunRecord.start(folders);
            } catch (IOException e) {
                // a folder this process cannot write: every file fails with the reason when it is written
            }
        }
        return folders;
    }

    private FrameReader.RawTarget writerOrFail(FileAssembly assembly, FileRange range) {
        try {
            FrameReader.RawTarget writer = assembly.writer();
            if (writer == null) {
                fail(range, "the file was abandoned");
            }
            return writer;
        } catch (IOException e) {
            fail(range, "cannot write the file: " + FileReceiver.reason(e));
            return null;
        }
    }

    /** The file's partial, if it has one, is of no use to a later run: it goes now rather than wait for it. */
    private void discardPartial(FileRange range) {
        FileAssembly assembly = assemblies.get(range.entry());
        if (assembly != null) {
            assembly.discard();
        }
    }

    @Override
    protected void abandon(FileRange range, String reason) {
        FileAssembly assembly = assemblies.get(range.entry());
        if (assembly != null) {
            assembly.abandon();
        }
    }

    private static void checkTag(int tag, FileRange range) throws ProtocolViolation {
        if (tag != range.tag()) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "reply for tag " + tag + " where tag "
                    + range.tag() + " was next");
        }
    }
}
