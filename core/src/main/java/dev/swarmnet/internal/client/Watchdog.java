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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's liveness keeper for all its connections, on one timer thread that exists only
 * while the controller has open clients or a pending deadline:
 * <ul>
 *   <li>deadlines: it is the {@link DeadlineTimer} of the controller's {@link Operation}s, whose expiry cuts
 *       the connections of an operation that outlives its call timeout;</li>
 *   <li>stalls: a connection blocked in one read or write for the stall timeout is cut (a live gateway
 *       sends keepalive frames while it works, so only a dead peer or path stays silent that long);</li>
 *   <li>keepalive: a connection idle for the keepalive interval is pinged, so a gateway that died while
 *       nobody was using it is noticed before the next call, and the gateway's idle timeout sees a
 *       live controller. Pings run on a small pool, never on the timer thread, which must stay free to
 *       cut what hangs.</li>
 * </ul>
 * Cutting is the one way to stop a thread blocked in socket I/O; the operation then reports the
 * reason ({@link Cut}) rather than the socket error.
 *
 * <p>Threads and fields. The <b>timer thread</b> runs the scan and the deadlines' expiries; <b>pinger
 * threads</b> run keepalive pings (each an {@link Operation} on the connection, which it skips if busy);
 * <b>callers' threads</b> (clients opening, closing, arming deadlines) call {@link #watch}, {@link #unwatch},
 * {@link #schedule} and {@link #close}. {@code watched}, {@code pinging} and {@code awaitingPong} are
 * concurrent sets, touched by all of them; {@code timer}, {@code pingers} and {@code deadlines} are guarded by
 * {@code this}; the rest is final.
 */
public final class Watchdog implements DeadlineTimer {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final long MIN_PERIOD_MILLIS = 5;
    private static final long MAX_PERIOD_MILLIS = 1000;
    private static final byte[] PING_MESSAGE = {'k'};

    private final String gateway;
    private final long keepaliveNanos;
    private final long stallNanos;
    private final Set<Connection> watched = ConcurrentHashMap.newKeySet();
    /** Connections a keepalive ping is due or running on. */
    private final Set<Connection> pinging = ConcurrentHashMap.newKeySet();
    /** Connections whose ping was sent and not answered yet: the ping's own deadline watches them, not the scan. */
    private final Set<Connection> awaitingPong = ConcurrentHashMap.newKeySet();
    private ScheduledThreadPoolExecutor timer; // guarded by this
    private ThreadPoolExecutor pingers; // guarded by this
    /** Deadlines scheduled and neither run nor cancelled: the timer stays while there are any; guarded by this. */
    private int deadlines;

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
        if (watched.isEmpty() && deadlines == 0) {
            stopThreads();
        }
    }

    /** Stops everything (the controller closed). */
    public synchronized void close() {
        watched.clear();
        deadlines = 0;
        stopThreads();
    }

    /**
     * Runs an operation's expiry after {@code delay} on the timer thread, started for it even when keepalive
     * and stall checks are off, and kept until the expiry has run or was cancelled (a swarm lane may unwatch its
     * lost connection before it watches the new one). Null when no connection is watched any more (its client
     * was closed: nothing is left to cut, and a timer started now would outlive the controller).
     */
    @Override
    public synchronized Pending schedule(Runnable expiry, Duration delay) {
        if (timer == null) {
            if (watched.isEmpty()) {
                return null;
            }
            startTimer();
        }
        ScheduledThreadPoolExecutor current = timer;
        deadlines++;
        ScheduledFuture<?> future = current.schedule(() -> {
            try {
                expiry.run();
            } finally {
                deadlineGone(current);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> {
            if (future.cancel(false)) {
                deadlineGone(current);
            }
        };
    }

    /** A deadline ran or was cancelled: the last one stops the threads if no connection is watched either. */
    private synchronized void deadlineGone(ScheduledThreadPoolExecutor scheduledOn) {
        if (timer != scheduledOn || deadlines == 0) {
            return; // the timer was stopped (the controller closed) since: its deadlines went with it
        }
        deadlines--;
        if (deadlines == 0 && watched.isEmpty()) {
            stopThreads();
        }
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
            if (stallNanos > 0 && c.isOpen() && !awaitingPong.contains(c) && c.stalledFor(now, stallNanos)) {
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
        long wait = stallNanos > 0 ? stallNanos : keepaliveNanos;
        Operation ping = Operation.within(Duration.ofNanos(wait), this, Cut.stall("the gateway at " + gateway
                + " did not answer a keepalive ping within " + Duration.ofNanos(wait).toMillis() + " ms; the"
                + " connection was closed: get a new client"));
        try {
            ping.tryCall(c, connection -> {
                if (!connection.isOpen() || System.nanoTime() - connection.lastUsedNanos() < keepaliveNanos) {
                    return null;
                }
                awaitingPong.add(connection);
                try {
                    connection.send(sink -> Frames.bytes(sink, Protocol.PING, PING_MESSAGE));
                    connection.expect(Protocol.PONG);
                    return connection.read(r -> r.readRest());
                } finally {
                    awaitingPong.remove(connection);
                }
            });
        } catch (IOException e) {
            LOG.info("keepalive ping to {} failed: {}", gateway, e.getMessage());
        }
    }
}
