package dev.swarmnet.support;

import static dev.swarmnet.support.Waits.eventually;

import dev.swarmnet.Bytes;
import dev.swarmnet.StreamSubroutine;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stream subroutines that report, on the gateway's side, what they went through: how many chunks they
 * emitted, whether {@code emit} refused, whether they saw the cancellation or an interrupt, and when
 * they returned. One probe serves one stream.
 */
public final class StreamProbe {
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicBoolean emitRefused = new AtomicBoolean();
    private final AtomicBoolean sawCancelled = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicReference<Thread> worker = new AtomicReference<>();
    private final CountDownLatch returned = new CountDownLatch(1);

    /**
     * Emits up to {@code limit} chunks of {@code chunkSize} bytes as fast as emit allows, each starting
     * with its ident (when 8 bytes or more), reusing one array.
     */
    public StreamSubroutine fast(int chunkSize, long limit) {
        return (call, out) -> {
            worker.set(Thread.currentThread());
            byte[] chunk = new byte[chunkSize];
            try {
                for (long i = 0; i < limit; i++) {
                    if (chunkSize >= Long.BYTES) {
                        ByteBuffer.wrap(chunk).putLong(0, i);
                    }
                    if (!out.emit(i, chunk)) {
                        emitRefused.set(true);
                        break;
                    }
                    emitted.incrementAndGet();
                }
            } finally {
                finish(out.isCancelled());
            }
        };
    }

    /** A stream (without a probe) that emits chunks of {@code chunkSize} bytes until emit refuses. */
    public static StreamSubroutine untilRefused(int chunkSize) {
        return (call, out) -> {
            byte[] chunk = new byte[chunkSize];
            for (long i = 0; out.emit(i, chunk); i++) {
                ByteBuffer.wrap(chunk).putLong(0, i + 1);
            }
        };
    }

    /** Emits a chunk, then sleeps a minute before the next: only an interrupt ends it in time. */
    public StreamSubroutine sleepy() {
        return (call, out) -> {
            worker.set(Thread.currentThread());
            try {
                for (long i = 0; i < 1000; i++) {
                    if (!out.emit(i, Bytes.longToBytes(i))) {
                        emitRefused.set(true);
                        return;
                    }
                    emitted.incrementAndGet();
                    Thread.sleep(Duration.ofMinutes(1).toMillis());
                }
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                finish(out.isCancelled());
            }
        };
    }

    private void finish(boolean cancelled) {
        sawCancelled.set(cancelled);
        if (Thread.currentThread().isInterrupted()) {
            interrupted.set(true);
        }
        returned.countDown();
    }

    public long emitted() {
        return emitted.get();
    }

    public boolean emitRefused() {
        return emitRefused.get();
    }

    public boolean sawCancelled() {
        return sawCancelled.get();
    }

    public boolean interrupted() {
        return interrupted.get();
    }

    public boolean hasReturned() {
        return returned.getCount() == 0;
    }

    /** Waits until the subroutine has returned. */
    public void awaitReturn() {
        eventually().until(this::hasReturned);
    }

    /**
     * Waits until the producer is parked inside emit (no credit or no room) and stays parked for a
     * while, i.e. it has run as far ahead as it can.
     */
    public void awaitProducerStalled() {
        eventually().until(() -> worker.get() != null);
        eventually().during(Duration.ofMillis(300)).until(() -> worker.get().getState() == Thread.State.WAITING);
    }
}
