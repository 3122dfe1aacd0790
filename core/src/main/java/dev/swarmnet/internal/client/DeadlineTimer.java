package dev.swarmnet.internal.client;

import java.time.Duration;

/**
 * Runs an {@link Operation}'s expiry once its deadline has passed: the controller's {@link Watchdog} in the
 * library, a hand-driven timer in tests (so that a deadline can pass without waiting for it).
 */
public interface DeadlineTimer {

    /**
     * Runs {@code expiry} after {@code delay}, on the timer's own thread, unless it is cancelled first.
     *
     * @return the pending expiry; null when nothing can be scheduled (the timer's connections are all closed,
     *     so nothing is left for a deadline to stop)
     */
    Pending schedule(Runnable expiry, Duration delay);

    /** A scheduled expiry. */
    @FunctionalInterface
    interface Pending {
        /** Drops the expiry if it has not run yet; from any thread. */
        void cancel();
    }
}
