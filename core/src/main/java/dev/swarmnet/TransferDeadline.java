package dev.swarmnet;

import dev.swarmnet.internal.Threads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The call timeout of a whole swarm transfer: every lane of it, however many connections it opens. When the
 * time is up before the transfer ends, {@code onExpiry} closes the swarm's connections, the lanes do not
 * reconnect ({@link #expired()}), and the transfer fails with {@link DeadlineExceededException} — as one
 * client's transfer does under its call timeout.
 */
final class TransferDeadline {
    private final Duration timeout;
    private final CountDownLatch done = new CountDownLatch(1);
    /** Set once, by whichever comes first: the expiry, or the end of the transfer. */
    private final AtomicBoolean decided = new AtomicBoolean();
    private volatile boolean expired;

    private TransferDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    /** Starts watching: after {@code timeout}, unless {@link #finish} came first, {@code onExpiry} runs. */
    static TransferDeadline start(Duration timeout, Runnable onExpiry) {
        TransferDeadline d = new TransferDeadline(timeout);
        Threads.factory("swarmnet-transfer-deadline", false).newThread(() -> {
            try {
                if (!d.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && d.decided.compareAndSet(false, true)) {
                    d.expired = true;
                    onExpiry.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        return d;
    }

    /** Whether the time is up: a lane that lost its connection then opens no other. */
    boolean expired() {
        return expired;
    }

    /**
     * The transfer ended (with {@code failure}, or null): stops the watch.
     *
     * @throws DeadlineExceededException if the time was up first
     */
    void finish(Throwable failure) throws DeadlineExceededException {
        done.countDown();
        if (!decided.compareAndSet(false, true)) {
            throw new DeadlineExceededException("the transfer did not finish within its call timeout of "
                    + timeout.toMillis() + " ms; the swarm's connections were closed to stop it: get a new swarm",
                    failure);
        }
    }
}
