package dev.swarmnet.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of one proxied connection: a reader thread that stamps what it reads with its
 * release time and queues it in a {@link DelayLine}, and a writer thread that writes each chunk once
 * its time has come, paced by a {@link TokenBucket}. Separating the two is what makes latency a
 * delay line (many chunks in flight at once) rather than a per-read sleep that would throttle
 * throughput to one read per latency.
 */
final class Pipe {
    /** Largest single read; also the largest chunk in the delay line. */
    static final int MAX_CHUNK = 64 * 1024;

    /** Cut-after limit meaning "never". */
    static final long NO_LIMIT = Long.MAX_VALUE;

    private final Socket source;
    private final Socket destination;
    private final Shaping shaping;
    private final DelayLine line;
    private final TokenBucket bucket;
    private final long cutAfterBytes;
    /** Written by the writer thread only; {@link #NO_LIMIT} once the hold has happened. */
    private long holdAfterBytes;
    private final LongAdder proxyTotal;
    private final ProxiedConnection owner;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicBoolean corruptNext = new AtomicBoolean();
    private volatile Thread writer;

    Pipe(Socket source, Socket destination, Shaping shaping, boolean stalled, long cutAfterBytes,
            long holdAfterBytes, LongAdder proxyTotal, ProxiedConnection owner) {
        this.source = source;
        this.destination = destination;
        this.shaping = shaping;
        this.line = new DelayLine(shaping::queueCapacityBytes, stalled);
        this.bucket = new TokenBucket(shaping);
        this.cutAfterBytes = cutAfterBytes;
        this.holdAfterBytes = holdAfterBytes;
        this.proxyTotal = proxyTotal;
        this.owner = owner;
    }

    void start(DaemonThreads threads, String name) {
        threads.start(name + "-read", this::readLoop);
        threads.start(name + "-write", this::writeLoop);
    }

    long bytesForwarded() {
        return forwarded.get();
    }

    void stall(boolean stall) {
        line.stall(stall);
    }

    void corruptNextByte() {
        corruptNext.set(true);
    }

    /** Stops both threads promptly; the owner closes the sockets, which unblocks socket I/O. */
    void abort() {
        line.close();
        // The writer may be parked until a release time or for tokens; the closed line ends that.
        Thread parked = writer;
        if (parked != null) {
            LockSupport.unpark(parked);
        }
    }

    private void readLoop() {
        byte[] buffer = new byte[MAX_CHUNK];
        try {
            InputStream in = source.getInputStream();
            while (true) {
                int n = in.read(buffer);
                long releaseAt = System.nanoTime() + shaping.latencyNanos();
                Chunk chunk = n < 0 ? Chunk.endOfStream(releaseAt) : Chunk.copyOf(buffer, n, releaseAt);
                if (!line.put(chunk) || chunk.endOfStream()) {
                    return;
                }
            }
        } catch (IOException e) {
            owner.pipeFailed();
        }
    }

    private void writeLoop() {
        // Published before the first look at the line, so abort() either sees this thread to unpark
        // or closed the line before the writer could start waiting.
        writer = Thread.currentThread();
        try {
            OutputStream out = destination.getOutputStream();
            int offset = 0;
            Chunk chunk;
            while ((chunk = line.awaitHead()) != null) {
                if (!Waiting.until(chunk.releaseAtNanos(), line::isClosed)) {
                    return;
                }
                if (line.isStalled()) {
                    continue; // stalled while the chunk was in flight: go back to waiting for resume
                }
                if (chunk.endOfStream()) {
                    propagateEndOfStream();
                    return;
                }
                offset = writeSome(out, chunk, offset);
                if (offset < 0) {
                    return;
                }
            }
        } catch (IOException e) {
            owner.pipeFailed();
        }
    }

    /**
     * Writes as much of {@code chunk} from {@code offset} as the bandwidth and the cut-after and
     * hold-after limits allow.
     *
     * @return the new offset into the chunk (0 once the chunk is done), or -1 if this pipe is finished
     */
    private int writeSome(OutputStream out, Chunk chunk, int offset) throws IOException {
        int n = bucket.acquire(chunk.length() - offset, line::isClosed);
        if (n < 0) {
            return -1;
        }
        n = (int) Math.min(n, Math.min(cutAfterBytes, holdAfterBytes) - forwarded.get());
        corruptIfAsked(chunk.data(), offset);
        out.write(chunk.data(), offset, n);
        forwarded.addAndGet(n);
        proxyTotal.add(n);
        offset += n;
        if (offset == chunk.length()) {
            line.removeHead();
            offset = 0;
        }
        if (forwarded.get() >= cutAfterBytes) {
            cutAtLimit();
            return -1;
        }
        if (forwarded.get() >= holdAfterBytes) {
            holdAfterBytes = NO_LIMIT;
            owner.holdAtLimit(); // stalls this pipe too: the loop waits for a resume before the next write
        }
        return offset;
    }

    private void corruptIfAsked(byte[] data, int offset) {
        if (corruptNext.getAndSet(false)) {
            data[offset] ^= 0x01;
        }
    }

    /** The source sent FIN and everything before it has been written: pass the half-close on. */
    private void propagateEndOfStream() throws IOException {
        destination.shutdownOutput();
        line.removeHead();
        owner.pipeFinished();
    }

    /**
     * Exactly the allowed bytes have been written. FIN first, so they are queued ahead of anything
     * else the destination sees, then reset the whole connection.
     */
    private void cutAtLimit() {
        try {
            destination.shutdownOutput();
        } catch (IOException ignored) {
            // The reset below ends the connection whether or not the FIN made it.
        }
        owner.cut();
    }
}
