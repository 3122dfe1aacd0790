package dev.swarmnet.internal.client;

import dev.swarmnet.internal.Threads;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's liveness keeper for all its connections, on one timer thread that exists only
 * while the controller has open clients:
 * <ul>
 *   <li>call timeouts: a connection whose operation outlives its deadline is cut;</li>
 *   <li>stalls: a connection blocked in one read or write for the stall timeout is cut (a live gateway
 *       sends keepalive frames while it works, so only a dead peer or path stays silent that long);</li>
 *   <li>keepalive: a connection idle for the keepalive interval is pinged, so a gateway that died while
 *       nobody was using it is noticed before the next call, and the gateway's idle timeout sees a
 *       live controller. Pings run on a small pool, never on the timer thread, which must stay free to
 *       cut what hangs.</li>
 * </ul>
 * Cutting is the one way to stop a thread blocked in socket I/O; the operation then reports the
 * reason ({@link Cut}) rather than the socket error.
 */
public final class Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final long MIN_PERIOD_MILLIS = 5;
    private static final long MAX_PERIOD_MILLIS = 1000;
    private static final byte[] PING_MESSAGE = {'k'};

    private final String gateway;
    private final long keepaliveNanos;
    private final long stallNanos;
    private final Set<Connection> watched = ConcurrentHashMap.newKeySet();
    private final Set<Connection> pinging = ConcurrentHashMap.newKeySet();
    private ScheduledThreadPoolExecutor timer; // guarded by this
    private ThreadPoolExecutor pingers; // guarded by this

    /** A zero duration turns that check off. */
    public Watchdog(String gateway, Duration keepalive, Duration stall) {
        this.gateway = gateway;
        this.keepaliveNanos = keepalive.toNanos();
        this.stallNanos = stall.toNanos();
    }

    /** Starts watching a new connection (and the timer, if this is the first). */
    public synchronized void watch(Connection connection) {
        watched.add(connection);
        if (timer == null && (keepaliveNanos > 0 || stallNanos > 0)) {
            startTimer();
        }
    }

    /** Stops watching a closed connection; the threads end with the last one. */
    public synchronized void unwatch(Connection connection) {
        watched.remove(connection);
        if (watched.isEmpty()) {
            stopThreads();
        }
    }

    /** Stops everything (the controller closed). */
    public synchronized void close() {
        watched.clear();
        stopThreads();
    }

    /**
     * Arms a deadline for the operation starting on {@code connection}: unless {@link Deadline#finish}
     * comes first, the connection is cut for {@code reason} after {@code timeout}.
     */
    public Deadline deadline(Connection connection, Duration timeout, Cut reason) {
        Deadline d = new Deadline();
        d.future = schedule(() -> {
            if (d.expired.compareAndSet(false, true)) {
                connection.cut(reason);
            }
        }, timeout.toNanos());
        return d;
    }

    /** A pending deadline; {@link #finish} tells whether the operation beat it. */
    public static final class Deadline {
        private final AtomicBoolean expired = new AtomicBoolean();
        private volatile ScheduledFuture<?> future;

        /** @return true if the operation finished in time; false if the deadline cut its connection */
        public boolean finish() {
            boolean inTime = expired.compareAndSet(false, true);
            ScheduledFuture<?> f = future;
            if (inTime && f != null) {
                f.cancel(false);
            }
            return inTime;
        }
    }

    /**
     * Schedules on the timer, started for a deadline even when keepalive and stall checks are off; null
     * when no connection is watched any more (its client was closed: nothing is left to cut, and a timer
     * started now would outlive the controller).
     */
    private synchronized ScheduledFuture<?> schedule(Runnable task, long nanos) {
        if (timer == null) {
            if (watched.isEmpty()) {
                return null;
            }
            startTimer();
        }
        return timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    private void startTimer() {
        timer = new ScheduledThreadPoolExecutor(1, Threads.factory("swarmnet-watchdog", false));
        timer.setRemoveOnCancelPolicy(true); // a deadline per call must not pile up cancelled tasks
        if (keepaliveNanos > 0 || stallNanos > 0) {
            long period = periodMillis();
            timer.scheduleWithFixedDelay(this::scan, period, period, TimeUnit.MILLISECONDS);
        }
        if (keepaliveNanos > 0) {
            pingers = new ThreadPoolExecutor(2, 2, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    Threads.factory("swarmnet-keepalive", false));
            pingers.allowCoreThreadTimeOut(true);
        }
    }

    private long periodMillis() {
        long shortest = Long.MAX_VALUE;
        for (long nanos : new long[] {keepaliveNanos, stallNanos}) {
            if (nanos > 0) {
                shortest = Math.min(shortest, TimeUnit.NANOSECONDS.toMillis(nanos) / 4);
            }
        }
        return Math.max(MIN_PERIOD_MILLIS, Math.min(MAX_PERIOD_MILLIS, shortest));
    }

    private void stopThreads() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (pingers != null) {
            pingers.shutdownNow();
            pingers = null;
        }
    }

    private void scan() {
        long now = System.nanoTime();
        for (Connection c : watched) {
            if (stallNanos > 0 && c.isOpen() && c.stalledFor(now, stallNanos)) {
                LOG.info("gateway {} stalled; cutting the connection", gateway);
                c.cut(Cut.stall("the gateway at " + gateway + " neither sent nor took a byte for "
                        + Duration.ofNanos(stallNanos).toMillis() + " ms (the controller's stallTimeout); the"
                        + " connection was closed: get a new client"));
            } else if (keepaliveNanos > 0 && c.isOpen() && c.idleFor(now, keepaliveNanos) && pinging.add(c)) {
                schedulePing(c);
            }
        }
    }

    private synchronized void schedulePing(Connection c) {
        try {
            if (pingers == null) {
                throw new RejectedExecutionException("closed");
            }
            pingers.execute(() -> {
                try {
                    ping(c);
                } finally {
                    pinging.remove(c);
                }
            });
        } catch (RejectedExecutionException e) {
            pinging.remove(c);
        }
    }

    /**
     * Pings an idle connection unless someone started using it; an unanswered ping cuts it after the
     * stall timeout (or the keepalive interval, if stall checks are off), so a dead gateway shows at
     * once as a closed client rather than at the next call.
     */
    private void ping(Connection c) {
        if (!c.operations().tryLock()) {
            return;
        }
        try {
            long now = System.nanoTime();
            if (!c.isOpen() || now - c.lastUsedNanos() < keepaliveNanos) {
                return;
            }
            long wait = stallNanos > 0 ? stallNanos : keepaliveNanos;
            Deadline d = deadline(c, Duration.ofNanos(wait), Cut.stall("the gateway at " + gateway
                    + " did not answer a keepalive ping within " + Duration.ofNanos(wait).toMillis() + " ms; the"
                    + " connection was closed: get a new client"));
            try {
                c.send(sink -> Frames.bytes(sink, Protocol.PING, PING_MESSAGE));
                c.expect(Protocol.PONG);
                c.read(r -> r.readRest());
            } finally {
                d.finish();
            }
        } catch (IOException e) {
            LOG.info("keepalive ping to {} failed: {}", gateway, e.getMessage());
        } finally {
            c.markUsed();
            c.operations().unlock();
        }
    }
}
