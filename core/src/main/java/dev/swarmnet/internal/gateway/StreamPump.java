package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.wire.BlockedClock;
import dev.swarmnet.internal.wire.Channels;
import dev.swarmnet.internal.wire.FrameSink;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writer of one stream: producers encode frames into one buffer while this pump's own thread
 * writes the other to the socket. A fast producer's frames leave in large batches (one system call
 * for thousands of small chunks); a slow producer's single chunk leaves as soon as the pump wakes, so
 * no chunk waits for a timer or for the buffer to fill. A quiet subroutine's stream carries a
 * keepalive frame every keepalive interval, so the client can tell it from a dead gateway.
 *
 * <p>Threads: producers (the stream's worker, the handler's thread cancelling, a shutdown helper) encode
 * into the buffer; the pump's own thread swaps buffers and writes. All state is guarded by the owning
 * session's lock, which producers hold while they encode, except {@code lastSentNanos} (the pump thread's
 * own) and {@link #writing()}, which the gateway's timer reads without the lock (volatile inside).
 */
final class StreamPump extends FrameSink implements Runnable {
    private final WritableByteChannel channel;
    private final ReentrantLock lock;
    private final Condition stateChanged;
    private final Condition pumpWake;
    private final long keepaliveNanos;
    private final BlockedClock writing = new BlockedClock();
    private ByteBuffer spare;
    private long lastSentNanos = System.nanoTime();
    private boolean terminated;
    private boolean pumpWaiting;
    private boolean frameOpen;
    /** Threads waiting in {@link #openFrame} for another's frame to end: the only ones closeFrame must wake. */
    private int frameWaiters;
    private boolean finishing;
    private boolean finished;
    private IOException failure;

    StreamPump(WritableByteChannel channel, ReentrantLock lock, Condition stateChanged, int bufferSize,
            long keepaliveNanos) {
        super(ByteBuffer.allocateDirect(bufferSize));
        this.channel = channel;
        this.keepaliveNanos = keepaliveNanos;
        this.lock = lock;
        this.stateChanged = stateChanged;
        this.pumpWake = lock.newCondition();
        this.spare = ByteBuffer.allocateDirect(bufferSize);
    }

    /** Claims the buffer for one whole frame, so frames of several threads never interleave. Lock held. */
    void openFrame() throws IOException {
        while (frameOpen && failure == null) {
            frameWaiters++;
            stateChanged.awaitUninterruptibly();
            frameWaiters--;
        }
        throwIfFailed();
        frameOpen = true;
    }

    /** Ends the frame begun by {@link #openFrame} and lets the pump see it. Lock held. */
    void closeFrame() {
        frameOpen = false;
        if (pumpWaiting) {
            pumpWake.signal();
        }
        if (frameWaiters > 0) { // a chunk at a time from one producer, nobody waits: no signal per chunk
            stateChanged.signalAll();
        }
    }

    /**
     * Waits until everything encoded so far is written (or the connection failed) and the pump has
     * stopped. Lock held.
     */
    void finish() {
        finishing = true;
        pumpWake.signal();
        while (!finished) {
            stateChanged.awaitUninterruptibly();
        }
    }

    /** The stream's last frame is queued: no keepalive may follow it. Lock held. */
    void terminated() {
        terminated = true;
    }

    /** The write this pump is blocked in, if any: a client that stopped reading shows here. */
    BlockedClock writing() {
        return writing;
    }

    /** Whether writing to the connection failed. Lock held. */
    boolean failed() {
        return failure != null;
    }

    /**
     * Called by a producer, lock held, when a frame does not fit: waits (not interruptibly — a frame
     * half in the buffer must be completed) until the pump swaps in the empty buffer.
     */
    @Override
    protected void drain() throws IOException {
        ByteBuffer full = buf;
        pumpWake.signal();
        while (buf == full && failure == null) {
            stateChanged.awaitUninterruptibly();
        }
        throwIfFailed();
    }

    @Override
    public void run() {
        lock.lock();
        try {
            pumpLoop();
        } finally {
            finished = true;
            stateChanged.signalAll();
            lock.unlock();
        }
    }

    private void pumpLoop() {
        while (true) {
            while (buf.position() == 0 && !finishing) {
                pumpWaiting = true;
                awaitWork();
                pumpWaiting = false;
            }
            if (buf.position() == 0) {
                return;
            }
            ByteBuffer out = buf;
            buf = spare;
            spare = null;
            stateChanged.signalAll();
            lock.unlock();
            IOException error = writeOut(out);
            lock.lock();
            spare = out;
            if (error != null) {
                failure = error;
                return;
            }
        }
    }

    /** Waits for frames; after a keepalive interval with none, queues a keepalive frame itself. Lock held. */
    private void awaitWork() {
        if (keepaliveNanos <= 0) {
            pumpWake.awaitUninterruptibly();
            return;
        }
        long left = keepaliveNanos - (System.nanoTime() - lastSentNanos);
        if (left > 0) {
            try {
                pumpWake.awaitNanos(left);
            } catch (InterruptedException e) {
                return; // nobody interrupts the pump on purpose; look again
            }
        }
        if (buf.position() == 0 && !finishing && !frameOpen && !terminated
                && System.nanoTime() - lastSentNanos >= keepaliveNanos) {
            try {
                Frames.empty(this, Protocol.KEEPALIVE); // fits: the buffer is empty, nothing to drain
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    private IOException writeOut(ByteBuffer out) {
        writing.enter();
        try {
            out.flip();
            Channels.writeFully(channel, out);
            return null;
        } catch (IOException e) {
            return e;
        } finally {
            writing.exit();
            lastSentNanos = System.nanoTime(); // only the pump's thread uses it
            out.clear();
        }
    }

    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw new IOException("connection lost while streaming: " + failure.getMessage(), failure);
        }
    }
}
