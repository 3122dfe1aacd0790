package dev.swarmnet.internal.gateway;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeout: the gateway's one timer thread looks at every handler a few times per timeout
 * and closes those that have waited for a request for the whole of it. Checking from outside costs
 * the handlers nothing per request but a plain store and a CAS, where a socket read timeout would
 * cost four extra system calls on every request (a timed read on a socket channel's stream switches
 * the socket to non-blocking mode and back).
 */
public final class IdleReaper {
    private static final long MIN_PERIOD_MILLIS = 5;
    private static final long MAX_PERIOD_MILLIS = 1000;

    private IdleReaper() {
    }

    /** Starts checking {@code pool}'s handlers on {@code timer}; nothing when the timeout is 0 (never). */
    public static void start(ScheduledExecutorService timer, HandlerPool pool, int idleTimeoutMillis) {
        if (idleTimeoutMillis <= 0) {
            return;
        }
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        long period = Math.max(MIN_PERIOD_MILLIS, Math.min(MAX_PERIOD_MILLIS, idleTimeoutMillis / 4));
        timer.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            for (Handler h : pool.snapshot()) {
                h.checkIdle(now, idleNanos);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }
}
