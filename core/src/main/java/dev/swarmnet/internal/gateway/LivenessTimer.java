package dev.swarmnet.internal.gateway;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's one timer thread looks at every handler's {@link ConnectionLiveness} a few times per
 * period: it closes those that waited for a request for the whole idle timeout, or were blocked in one
 * read or write of a request that long (a client that stopped sending or reading), and has a keepalive
 * frame sent on those whose request has run a keepalive interval without a word to the client.
 * Checking from outside costs the handlers nothing per request but a few plain stores and a CAS, where
 * a socket read timeout would cost four extra system calls on every request (a timed read on a socket
 * channel's stream switches the socket to non-blocking mode and back).
 */
public final class LivenessTimer {
    private static final long MIN_PERIOD_MILLIS = 5;
    private static final long MAX_PERIOD_MILLIS = 1000;

    private LivenessTimer() {
    }

    /**
     * Starts checking {@code pool}'s handlers on {@code timer}; nothing when both the idle timeout and
     * the keepalive interval are 0 (never).
     */
    public static void start(ScheduledExecutorService timer, HandlerPool pool, int idleTimeoutMillis,
            int keepaliveIntervalMillis) {
        if (idleTimeoutMillis <= 0 && keepaliveIntervalMillis <= 0) {
            return;
        }
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        long keepaliveNanos = TimeUnit.MILLISECONDS.toNanos(keepaliveIntervalMillis);
        long period = Math.max(MIN_PERIOD_MILLIS, Math.min(MAX_PERIOD_MILLIS,
                Math.min(quarter(idleTimeoutMillis), quarter(keepaliveIntervalMillis))));
        timer.scheduleWithFixedDelay(() -> {
            for (Handler h : pool.snapshot()) {
                h.liveness().check(idleNanos, keepaliveNanos);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private static long quarter(int millis) {
        return millis <= 0 ? Long.MAX_VALUE : millis / 4;
    }
}
