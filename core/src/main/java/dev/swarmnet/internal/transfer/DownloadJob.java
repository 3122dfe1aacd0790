package dev.swarmnet.internal.transfer;

import dev.swarmnet.TransferListener;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.files.UploadTarget;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Downloads listed files over one or more connections. Each connection keeps two FILE_GET batches
 * in flight, so the gateway always has the next files to send while the previous ones arrive: no
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
    private TargetFolders folders;
    private FileWriters writers;
    private final Map<FileEntry, FileAssembly> assemblies = new ConcurrentHashMap<>();
    private final Map<FileEntry, Integer> rangeCounts;

    private DownloadJob(Path downloadDir, List<FileRange> ranges, List<dev.swarmnet.FileFailure> refused,
            Map<FileEntry, Integer> rangeCounts, TransferListener listener) {
        super(ranges, refused, listener);
        this.downloadDir = downloadDir;
        this.rangeCounts = rangeCounts;
    }

    /** Plans the download of {@code entries}, striping files larger than {@code stripeSize} (0: never). */
    public static DownloadJob plan(Path downloadDir, List<FileEntry> entries, long stripeSize,
            TransferListener listener) {
        List<FileRange> ranges = new ArrayList<>();
        Map<FileEntry, Integer> counts = new ConcurrentHashMap<>();
        DuplicateNames duplicates = new DuplicateNames();
        long total = 0;
        for (FileEntry e : entries) {
            if (!duplicates.admit(e)) {
                continue;
            }
            long stripe = stripeSize > 0 && e.size() > stripeSize ? stripeSize : Math.max(e.size(), 1);
            int count = 0;
            for (long offset = 0; offset < e.size() || count == 0; offset += stripe) {
                ranges.add(new FileRange(ranges.size(), e, offset, Math.min(stripe, e.size() - offset), 0));
                count++;
            }
            counts.put(e, count);
            total += e.size();
        }
        listener.transferPlanned(counts.size(), total);
        return new DownloadJob(downloadDir, ranges, duplicates.refused(), counts, listener);
    }

    @Override
    protected void work(Connection connection) throws IOException, InterruptedException {
        ArrayDeque<List<FileRange>> inFlight = new ArrayDeque<>();
        FileWriters.Group verified = new FileWriters.Group(this::writers);
        boolean lost = false;
        try {
            while (true) {
                while (inFlight.size() < BATCHES_IN_FLIGHT) {
                    List<FileRange> batch = plan.take(BATCH_ITEMS, BATCH_BYTES);
                    if (batch.isEmpty()) {
                        break;
                    }
                    inFlight.add(new ArrayList<>(batch)); // before sending: a failed send must give it back
                    connection.send(sink -> FileFrames.get(sink, batch));
                }
                if (inFlight.isEmpty()) {
                    if (!plan.awaitWork()) {
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

    private void receive(Connection connection, FileRange range, FileWriters.Group verified) throws IOException {
        int type = connection.next();
        FrameReader reader = connection.reader();
        if (type == Protocol.FILE_FAILED) {
            FileFrames.Outcome outcome = connection.read(FileFrames::readOutcome);
            checkTag(outcome.tag(), range);
            fail(range, outcome.errorCode() + ": " + outcome.message());
            return;
        }
        if (type != Protocol.FILE_DATA) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                    "expected FILE_DATA or FILE_FAILED, got frame type 0x" + Integer.toHexString(type)));
        }
        FileFrames.DataHeader header = connection.read(FileFrames::readData);
        checkTag(header.tag(), range);
        if (header.offset() != range.offset() || header.length() != range.length()) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_DATA for another range"));
        }
        FileEntry entry = range.entry();
        if (header.fileSize() != entry.size() || header.mtimeMillis() != entry.mtimeMillis()) {
            FileReceiver.discard(reader, range.length());
            fail(range, "the file changed on the gateway after it was listed; transfer it again");
            return;
        }
        if (isSmallWholeFile(range)) {
            receiveSmall(reader, range, verified);
            return;
        }
        boolean failedBefore = hasFailed(range);
        FileAssembly assembly = failedBefore ? null : assemblyOrFail(range);
        FileChannel out = assembly == null ? null : channelOrFail(assembly, range);
        if (range.offset() == 0 && out != null) {
            listener.fileStarted(entry.dest(), entry.size());
        }
        String problem = FileReceiver.receiveInto(reader, out, range.tag(), range.offset(), range.length(),
                listener::bytesMoved);
        if (out == null) {
            if (failedBefore) {
                rangeCompleted(1); // its file failed through another range; these bytes were dropped
            }
        } else if (problem != null) {
            retryOrFail(range, problem);
        } else {
            finishRange(assembly, range);
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
        byte[] body = new byte[(int) range.length()];
        CRC32C crc = new CRC32C();
        reader.readRawFully(body, crc);
        listener.bytesMoved(body.length);
        String problem = FileReceiver.verify(FileReceiver.readTrailer(reader, range.tag()), crc);
        if (problem != null) {
            retryOrFail(range, problem);
            return;
        }
        verified.add(body.length, () -> store(range, body));
    }

    private void store(FileRange range, byte[] body) {
        FileEntry entry = range.entry();
        Path target;
        try {
            target = folders().target("", entry.dest());
        } catch (IOException e) {
            fail(range, "refused destination: " + e.getMessage());
            return;
        }
        try {
            FileReceiver.store(target, body, entry.mtimeMillis());
        } catch (IOException e) {
            fail(range, "cannot store the file: " + e.getMessage());
            return;
        }
        fileCompleted(entry.dest(), entry.size());
        rangeCompleted(1);
    }

    private synchronized FileWriters writers() {
        if (writers == null) {
            writers = new FileWriters();
        }
        return writers;
    }

    @Override
    protected void lanesEnded() {
        FileWriters started;
        synchronized (this) {
            started = writers;
        }
        if (started != null) {
            started.close();
        }
    }

    private void finishRange(FileAssembly assembly, FileRange range) {
        try {
            if (assembly.rangeDone()) {
                fileCompleted(range.entry().dest(), range.entry().size());
            }
            rangeCompleted(1);
        } catch (IOException e) {
            fail(range, "cannot place the file: " + e.getMessage());
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
            FileAssembly raced = assemblies.putIfAbsent(range.entry(), created);
            return raced != null ? raced : created;
        } catch (IOException e) {
            fail(range, "refused destination: " + e.getMessage());
            return null;
        }
    }

    /** The download folder's tree, its root resolved (and created) once per job rather than per file. */
    private synchronized TargetFolders folders() throws IOException {
        if (folders == null) {
            folders = new TargetFolders(UploadTarget.realRoot(downloadDir));
        }
        return folders;
    }

    private FileChannel channelOrFail(FileAssembly assembly, FileRange range) {
        try {
            FileChannel channel = assembly.channel();
            if (channel == null) {
                fail(range, "the file was abandoned");
            }
            return channel;
        } catch (IOException e) {
            fail(range, "cannot write the file: " + e.getMessage());
            return null;
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
