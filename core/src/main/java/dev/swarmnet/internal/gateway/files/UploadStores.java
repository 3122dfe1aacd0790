package dev.swarmnet.internal.gateway.files;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.transfer.BodyBuffers;
import dev.swarmnet.internal.transfer.FileReceiver;
import dev.swarmnet.internal.transfer.FileWriters;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.zip.CRC32C;

/**
 * A gateway connection's small uploads stored on helper threads ({@link FileWriters}), as a downloading client
 * stores its small files: the connection's thread reads and verifies a body, hands the file over and goes back
 * to its socket for the next one, instead of waiting for create, write, mtime and rename. On two cores a tree
 * upload then keeps both busy.
 *
 * <p>The answers keep their order: each FILE_PUT takes a place in line when its body is read, and whichever
 * thread completes the first waiting file writes every FILE_ACK that is ready from the front of the line.
 * Anything else the connection's thread does — a large file, any other request, the end of the connection —
 * first waits for the line to empty ({@link #drain()}), so no answer overtakes another and a folder's time is
 * set only after its files are in. Bounded: the bodies waiting for a writer take at most
 * {@link FileWriters#MAX_WAITING_BYTES}; past that the connection's thread waits, and the client's window does
 * the rest.
 */
public final class UploadStores implements AutoCloseable {
    /** Bodies up to this size are read into memory and stored by the writers; larger ones go straight to disk. */
    public static final long SMALL_FILE = 256 * 1024;

    private final ConnectionWriter writer;
    private final BodyBuffers bodies = new BodyBuffers((int) SMALL_FILE);
    private FileWriters writers;
    /** FILE_PUTs in the order they came, until their FILE_ACK is written (guarded by this). */
    private final ArrayDeque<Waiting> line = new ArrayDeque<>();
    /** Why an answer could not be written: the connection is gone, and the next drain says so. */
    private IOException writeFailure;

    /** One FILE_PUT in line: its answer once stored (or refused). */
    private static final class Waiting {
        FileFrames.Outcome outcome;
    }

    public UploadStores(ConnectionWriter writer) {
        this.writer = writer;
    }

    /** Reads and verifies the body of {@code h} (at most {@link #SMALL_FILE}), then hands it to a writer. */
    public void receive(FrameReader reader, TargetFolders uploads, FileFrames.PutHeader h) throws IOException {
        int length = (int) h.size();
        byte[] body = bodies.take(length);
        String problem;
        try {
            CRC32C crc = new CRC32C();
            reader.readRawFully(body, length, crc);
            problem = FileReceiver.verify(FileReceiver.readTrailer(reader, h.tag()), crc);
        } catch (IOException | RuntimeException e) {
            bodies.give(body);
            throw e;
        }
        Waiting waiting = enqueue();
        if (problem != null) {
            bodies.give(body);
            answer(waiting, new FileFrames.Outcome(h.tag(), ErrorCode.CHECKSUM_MISMATCH.wireCode(),
                    h.dest() + ": " + problem));
            return;
        }
        writers().submit(length, () -> {
            FileFrames.Outcome outcome;
            try {
                outcome = FileReceiver.storeUpload(uploads, h, body, length);
            } finally {
                bodies.give(body);
            }
            answer(waiting, outcome);
        });
    }

    /** Waits until every file in line is stored and answered; throws if an answer could not be written. */
    public synchronized void drain() throws IOException {
        boolean interrupted = false;
        while (!line.isEmpty()) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // the files are verified: they are stored and answered whatever happens
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    /** The connection ends: the files in line are stored (their answers written if the connection still can). */
    @Override
    public void close() {
        FileWriters started;
        synchronized (this) {
            started = writers;
        }
        if (started != null) {
            started.close();
        }
    }

    private synchronized FileWriters writers() {
        if (writers == null) {
            writers = new FileWriters();
        }
        return writers;
    }

    private synchronized Waiting enqueue() {
        Waiting waiting = new Waiting();
        line.add(waiting);
        return waiting;
    }

    /** Records an answer and writes every answer ready at the front of the line, in order. */
    private synchronized void answer(Waiting waiting, FileFrames.Outcome outcome) {
        waiting.outcome = outcome;
        while (!line.isEmpty() && line.peek().outcome != null) {
            FileFrames.Outcome ready = line.poll().outcome;
            if (writeFailure == null) {
                try {
                    writer.write(sink -> FileFrames.outcome(sink, Protocol.FILE_ACK, ready));
                } catch (IOException e) {
                    writeFailure = e;
                }
            }
        }
        notifyAll();
    }
}
