package dev.swarmnet.internal.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.TransferListener;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Uploads whole files over one or more connections. Each connection sends files back to back and
 * reads the gateway's FILE_ACKs behind them, keeping a window of unacknowledged files: no round trip
 * per file. Files are dealt out on demand, so a fast connection sends more.
 */
public final class UploadJob extends TransferJob {
    /** Unacknowledged files per connection; their acks (tens of bytes each) always fit the socket buffers. */
    private static final int ACK_WINDOW = 64;

    private final String dirname;

    private UploadJob(String dirname, List<FileRange> ranges, List<dev.swarmnet.FileFailure> refused,
            TransferListener listener) {
        super(ranges, refused, listener);
        this.dirname = dirname;
    }

    /** Plans sending {@code files} into {@code <gateway download dir>/<dirname>}, each under its own name. */
    public static UploadJob plan(String dirname, List<Path> files, TransferListener listener) throws IOException {
        List<FileRange> ranges = new ArrayList<>();
        DuplicateNames duplicates = new DuplicateNames();
        long total = 0;
        for (Path file : files) {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                throw new IllegalArgumentException("not a regular file: " + file);
            }
            FileEntry entry = new FileEntry(file.toString(), file.getFileName().toString(), attrs.size(),
                    attrs.lastModifiedTime().toMillis());
            if (duplicates.admit(entry)) {
                ranges.add(new FileRange(ranges.size(), entry, 0, attrs.size(), 0));
                total += attrs.size();
            }
        }
        listener.transferPlanned(ranges.size(), total);
        return new UploadJob(dirname, ranges, duplicates.refused(), listener);
    }

    @Override
    protected void work(Connection connection) throws IOException, InterruptedException {
        FileSender sender = new FileSender(connection.writer());
        ArrayDeque<FileRange> unacknowledged = new ArrayDeque<>();
        try {
            while (true) {
                sendWhileWindowAllows(connection, sender, unacknowledged);
                if (unacknowledged.isEmpty()) {
                    if (!plan.awaitWork()) {
                        return;
                    }
                    continue;
                }
                readAck(connection, unacknowledged.peek());
                unacknowledged.poll(); // only once its ack is handled: a cut before that gives it back
            }
        } finally {
            plan.requeue(unacknowledged);
        }
    }

    private void sendWhileWindowAllows(Connection connection, FileSender sender, ArrayDeque<FileRange> unacknowledged)
            throws IOException {
        boolean sent = false;
        while (unacknowledged.size() < ACK_WINDOW) {
            List<FileRange> next = plan.take(1, 0);
            if (next.isEmpty()) {
                break;
            }
            FileRange range = next.get(0);
            listener.fileStarted(range.entry().dest(), range.entry().size());
            unacknowledged.add(range); // before sending: a failed send must give it back
            try {
                sender.sendUpload(range.tag(), dirname, range.entry().dest(), Path.of(range.entry().source()));
            } catch (java.nio.file.NoSuchFileException e) {
                unacknowledged.removeLast();
                fail(range, "the local file disappeared");
                continue;
            }
            sent = true;
        }
        if (sent) {
            connection.writer().flush();
        }
    }

    private void readAck(Connection connection, FileRange range) throws IOException {
        if (connection.next() != Protocol.FILE_ACK) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "expected FILE_ACK"));
        }
        FileFrames.Outcome ack = connection.read(FileFrames::readOutcome);
        if (ack.tag() != range.tag()) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_ACK out of order"));
        }
        if (ack.code() == 0) {
            listener.bytesMoved(range.length());
            fileCompleted(range.entry().dest(), range.entry().size());
            rangeCompleted(1);
        } else if (ack.errorCode() == ErrorCode.CHECKSUM_MISMATCH) {
            retryOrFail(range, ack.message());
        } else {
            fail(range, ack.errorCode() + ": " + ack.message());
        }
    }

    @Override
    protected void abandon(FileRange range, String reason) {
        // nothing of a failed upload stays on the gateway: it renames only verified files
    }
}
