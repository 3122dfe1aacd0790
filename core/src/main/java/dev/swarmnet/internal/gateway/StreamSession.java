package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.StreamOutput;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.internal.CallImpl;
import dev.swarmnet.internal.telemetry.CallTrace;
import dev.swarmnet.internal.telemetry.TelemetryListener;
import dev.swarmnet.internal.wire.BlockedClock;
import dev.swarmnet.internal.wire.FrameEncoder;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One running stream subroutine on a handler: the subroutine runs on a worker thread and emits into a
 * {@link StreamPump}, spending credit that the handler's thread grants as the client's STREAM_CREDIT
 * frames arrive. Exactly one terminator (STREAM_END or ERROR) is queued, whoever ends the stream.
 *
 * <p>Threads: the worker (the subroutine, {@link #emit}), the pump (writes), the handler's thread (credit,
 * cancel, the wait for the end), the gateway's timer (liveness: {@link #endedBefore}, {@link #creditWaitSince},
 * {@link #writing}) and a shutdown helper ({@link #endWithError}). {@code lock} guards {@code credit},
 * {@code cancelled}, {@code endQueued}, {@code endQueuedNanos}, {@code terminatorEncoded}, {@code worker} and
 * the pump's state; {@code creditWaitSince} is volatile so the timer reads it without the lock; {@code ended}
 * counts down once the worker and the pump are done.
 */
final class StreamSession implements StreamOutput {
    private static final int PUMP_BUFFER_SIZE = 128 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stateChanged = lock.newCondition();
    private final StreamPump pump;
    private final StreamSubroutine subroutine;
    private final CallImpl call;
    private final int maxChunkSize;
    private final CountDownLatch ended = new CountDownLatch(1);
    private long credit;
    private boolean cancelled;
    private boolean endQueued;
    private long endQueuedNanos;
    private boolean terminatorEncoded;
    private Thread worker;
    /** When the producer began waiting for credit, 0 when it is not: read by the gateway's timer. */
    private volatile long creditWaitSince;
    /** What this stream reports when it ends: its chunks, bytes, time blocked on credit (lock held) and outcome. */
    private final CallTrace trace;
    private long chunks;
    private long bytesSent;
    private long creditWaitNanos;
    private String outcome = TelemetryListener.OK;

    StreamSession(WritableByteChannel channel, StreamSubroutine subroutine, CallImpl call, int window,
            int maxFrameSize, long keepaliveNanos, CallTrace trace) {
        this.pump = new StreamPump(channel, lock, stateChanged, PUMP_BUFFER_SIZE, keepaliveNanos);
        this.subroutine = subroutine;
        this.call = call;
        this.credit = window;
        this.maxChunkSize = maxFrameSize - Long.BYTES;
        this.trace = trace;
    }

    void start(Executor executor) {
        executor.execute(pump);
        executor.execute(this::runWorker);
    }

    @Override
    public boolean emit(long ident, byte[] bytes) {
        if (ident < 0 || bytes == null) {
            queueEnd(Protocol.END_COMPLETED);
            return false;
        }
        if (bytes.length > maxChunkSize) {
            throw new IllegalArgumentException("a chunk of " + bytes.length + " bytes exceeds the maximum frame size;"
                    + " emit at most " + maxChunkSize + " bytes per chunk");
        }
        lock.lock();
        try {
            if (credit <= 0) {
                long waitStart = System.nanoTime();
                creditWaitSince = waitStart | 1;
                try {
                    while (credit <= 0 && !cancelled && !endQueued) {
                        stateChanged.await();
                    }
                } finally {
                    creditWaitNanos += System.nanoTime() - waitStart;
                    creditWaitSince = 0;
                }
            }
            if (cancelled || endQueued) {
                return false;
            }
            pump.openFrame();
            try {
                Frames.chunk(pump, ident, bytes); // encoded here: no encoder object per chunk
            } finally {
                pump.closeFrame();
            }
            credit -= Protocol.chunkCost(bytes.length);
            chunks++;
            bytesSent += bytes.length;
            return !cancelled;
        } catch (IOException e) {
            cancelled = true; // the connection is gone: the subroutine should stop
            outcome(TelemetryListener.CONNECTION_LOST);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isCancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    /** The client granted more credit. */
    void grant(int bytes) {
        lock.lock();
        try {
            credit = Math.min(credit + bytes, Long.MAX_VALUE / 2);
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The client aborted, vanished, or the gateway is closing: end the stream now, tell the subroutine. */
    void cancel() {
        end(sink -> Frames.streamEnd(sink, Protocol.END_CANCELLED), "CANCELLED");
    }

    /**
     * The gateway ends the connection (its shutdown grace period is over): ends the stream as {@link #cancel()}
     * does, but the client reads ERROR {@code code} with {@code message} instead of a STREAM_END it did not ask for.
     */
    void endWithError(ErrorCode code, String message) {
        end(sink -> Frames.error(sink, code, message), code.name());
    }

    private void end(FrameEncoder terminator, String why) {
        lock.lock();
        try {
            if (cancelled) {
                return;
            }
            cancelled = true;
            outcome(why);
            queueTerminator(terminator);
            stateChanged.signalAll();
            if (worker != null) {
                worker.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The stream subroutine's name. */
    String name() {
        return call.name();
    }

    /** Whether the terminator is queued, i.e. the client may rightly send its next request. */
    boolean endQueued() {
        lock.lock();
        try {
            return endQueued;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the terminator was queued at least {@code nanos} before {@code now} (for the idle timeout). */
    boolean endedBefore(long now, long nanos) {
        lock.lock();
        try {
            return endQueued && now - endQueuedNanos >= nanos;
        } finally {
            lock.unlock();
        }
    }

    /** When (System.nanoTime) the subroutine began waiting for the client's credit; 0 when it is not waiting. */
    long creditWaitSince() {
        return creditWaitSince;
    }

    /** The write the stream's pump is blocked in, if any. */
    BlockedClock writing() {
        return pump.writing();
    }

    /** Whether the worker and the pump have finished. */
    boolean finished() {
        return ended.getCount() == 0;
    }

    /** Waits for the worker and the pump to finish; false if the subroutine outlived the timeout. */
    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    private void runWorker() {
        lock.lock();
        worker = Thread.currentThread();
        lock.unlock();
        Throwable failure = null;
        try {
            subroutine.run(call, this);
        } catch (Throwable t) {
            failure = t;
        }
        lock.lock();
        try {
            worker = null;
            Thread.interrupted(); // a pooled thread must not carry our interrupt into its next task
            if (failure == null) {
                queueEnd(Protocol.END_COMPLETED);
            } else {
                Failures f = Failures.of(call.name(), failure);
                outcome(f.code().name());
                queueTerminator(sink -> Frames.error(sink, f.code(), f.message()));
            }
            while (!terminatorEncoded) {
                stateChanged.awaitUninterruptibly(); // a cancel may be encoding it while the pump drains
            }
            pump.finish();
            trace.streamed(chunks, bytesSent, creditWaitNanos);
            trace.sent(bytesSent);
            if (!TelemetryListener.OK.equals(outcome)) {
                trace.failed(outcome);
            }
        } finally {
            lock.unlock();
            trace.end();
            ended.countDown();
        }
    }

    /** The first reason the stream ended other than by completing. Lock held. */
    private void outcome(String why) {
        if (TelemetryListener.OK.equals(outcome)) {
            outcome = why;
        }
    }

    private void queueEnd(int reason) {
        lock.lock();
        try {
            queueTerminator(sink -> Frames.streamEnd(sink, reason));
        } finally {
            lock.unlock();
        }
    }

    /** Queues the stream's one terminator. Lock held. */
    private void queueTerminator(FrameEncoder terminator) {
        if (endQueued) {
            return;
        }
        endQueued = true;
        endQueuedNanos = System.nanoTime();
        pump.terminated();
        try {
            queue(terminator);
        } catch (IOException e) {
            cancelled = true; // connection lost: nobody is left to tell
        } finally {
            terminatorEncoded = true;
            stateChanged.signalAll();
        }
    }

    /** Encodes one frame into the pump. Lock held. */
    private void queue(FrameEncoder encoder) throws IOException {
        pump.openFrame();
        try {
            encoder.encode(pump);
        } finally {
            pump.closeFrame();
        }
    }
}
