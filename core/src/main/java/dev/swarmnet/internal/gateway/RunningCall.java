package dev.swarmnet.internal.gateway;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a handler's thread is inside a batch or send subroutine. While it is, nothing is written to
 * the connection, so when a gateway's shutdown grace period ends the shutdown may answer the call itself
 * (ERROR SHUTTING_DOWN, from another thread) instead of cutting the client off without a word. One CAS
 * on one variable decides who answers: the handler when the subroutine returns first, else the shutdown.
 *
 * <p>Threads: the handler's thread enters and exits; the timer thread reads {@link #isRunning()} and
 * {@link #sinceNanos()} for keepalives; the shutdown thread takes over and a helper answers. {@code state}
 * is the only shared variable written by more than one thread; {@code name} and {@code sinceNanos} are
 * written by the handler's thread before its release store to it, and read after a read of it.
 */
final class RunningCall {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int TAKEN_OVER = 2;

    private final NanoClock clock;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final CountDownLatch answered = new CountDownLatch(1);
    private String name; // published by the release store in enter(), read after the CAS in takeOver()
    private long sinceNanos; // published the same way, read after the volatile read in runningSince()

    RunningCall(NanoClock clock) {
        this.clock = clock;
    }

    /** The handler's thread is about to run subroutine {@code name}. */
    void enter(String name) {
        this.name = name;
        this.sinceNanos = clock.nanoTime();
        state.lazySet(RUNNING); // no fence on the hot path: a shutdown that misses it cuts instead of answering
    }

    /** Whether a subroutine is running (for keepalives). */
    boolean isRunning() {
        return state.get() == RUNNING;
    }

    /** When (on the clock) the running subroutine began; meaningful while {@link #isRunning()}. */
    long sinceNanos() {
        return sinceNanos;
    }

    /**
     * The subroutine returned: the handler may answer. If the shutdown answered already, waits until that
     * answer is written (so closing this connection cannot cut it short) and throws, ending the handler.
     */
    void exit() throws IOException {
        if (state.compareAndSet(RUNNING, IDLE)) {
            return;
        }
        try {
            answered.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException("subroutine '" + name + "' returned after the gateway's shutdown grace period");
    }

    /**
     * For the gateway's shutdown: the name of the subroutine running now, which the caller must then answer
     * for (and call {@link #answered()} once done); null when none is running, or it is returning.
     */
    String takeOver() {
        return state.compareAndSet(RUNNING, TAKEN_OVER) ? name : null;
    }

    /** The shutdown's answer is written, or given up. */
    void answered() {
        answered.countDown();
    }

    /** Whether the shutdown took the call over: the thread is in a subroutine that outlived the grace period. */
    boolean takenOver() {
        return state.get() == TAKEN_OVER;
    }

    /** Waits for the shutdown's answer; false if it is not written within {@code nanos}. */
    boolean awaitAnswered(long nanos) throws InterruptedException {
        return answered.await(nanos, TimeUnit.NANOSECONDS);
    }
}
