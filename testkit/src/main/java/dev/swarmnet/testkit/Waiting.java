package dev.swarmnet.testkit;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a point in time. The proxy emulates a slow network, so these waits are the product,
 * not a synchronisation mechanism: parking until a deadline is exactly what is meant.
 */
final class Waiting {
    private Waiting() {
    }

    /**
     * Parks the calling thread until {@link System#nanoTime()} reaches {@code deadlineNanos}.
     * Whoever sets {@code aborted} should unpark the thread so the abort is seen promptly.
     *
     * @return true once the deadline is reached, false as soon as {@code aborted} holds
     */
    static boolean until(long deadlineNanos, BooleanSupplier aborted) {
        while (!aborted.getAsBoolean()) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return true;
            }
            LockSupport.parkNanos(remaining);
        }
        return false;
    }
}
