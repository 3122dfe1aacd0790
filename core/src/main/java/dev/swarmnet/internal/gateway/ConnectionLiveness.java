package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.ProgressLog;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Whether one connection's client is still there, decided from outside on the gateway's timer thread
 * (see {@link LivenessTimer}): a connection that waited for a request for the whole idle timeout, or
 * whose client stopped sending inside a request or stopped reading what the gateway sends, is closed;
 * one whose batch or send subroutine runs long hears a keepalive every interval ({@link Heartbeat}). No
 * read timeout and no thread per connection: the handler's hot path pays a plain store and a CAS per
 * frame ({@link RequestActivity}).
 *
 * <p>Threads: {@link #check} runs on the timer thread only, which owns {@link #idleSeen} and
 * {@link #idleSince}. The state it shares with the handler's thread and the shutdown is in
 * {@link RequestActivity} (one CAS decides who closes) and behind {@link WatchedConnection} (volatile
 * or atomic there). Closing is handed to the connection, which does any blocking write on a helper.
 */
final class ConnectionLiveness {
    /** {@link #idleSeen} when the handler was not waiting at the last check. */
    private static final long BUSY = -2;

    private final WatchedConnection connection;
    private final RequestActivity activity;
    private final Heartbeat heartbeat;
    private final Executor helpers;
    private final NanoClock clock;
    private final ProgressLog log;
    private final String id;
    private final String remote;
    private long idleSeen = BUSY;
    private long idleSince;

    /**
     * @param helpers where keepalives are written (the timer thread never writes to a socket)
     * @param id the handler's id, and {@code remote} its client's address, for the log
     */
    ConnectionLiveness(WatchedConnection connection, RequestActivity activity, RunningCall running, Executor helpers,
            NanoClock clock, ProgressLog log, String id, String remote) {
        this.connection = connection;
        this.activity = activity;
        this.heartbeat = new Heartbeat(running);
        this.helpers = helpers;
        this.clock = clock;
        this.log = log;
        this.id = id;
        this.remote = remote;
    }

    /** One look at the connection; 0 for either period turns that check off. */
    void check(long idleNanos, long keepaliveNanos) {
        long now = clock.nanoTime();
        if (idleNanos > 0) {
            checkIdle(now, idleNanos);
        }
        if (keepaliveNanos > 0) {
            heartbeat.beatIfDue(now, keepaliveNanos, helpers, connection, this::clientLeft);
        }
    }

    /**
     * Closes the connection when its client stopped reading or sending, or sent no request, for the
     * whole idle timeout. The idle count starts at the first check that finds the handler waiting, and
     * starts again whenever a frame moved it on.
     */
    private void checkIdle(long now, long idleNanos) {
        long a = activity.get();
        long millis = TimeUnit.NANOSECONDS.toMillis(idleNanos);
        if (a != RequestActivity.CLOSED && stalledWriting(now, idleNanos) && activity.close(a)) {
            log.logger().warn("handler {}: {} took no byte of what the gateway sent for {} ms; closing", id, remote,
                    millis);
            connection.stalled("stall");
            connection.cut(); // no ERROR: the client reads nothing, which is the trouble
            return;
        }
        if (RequestActivity.isServing(a) && blocked(connection.readBlockedSince(), now, idleNanos)
                && activity.close(a)) {
            log.logger().warn("handler {}: {} stopped sending in the middle of a request for {} ms; closing", id,
                    remote, millis);
            connection.stalled("stall");
            connection.endTelling(ErrorCode.IDLE_TIMEOUT, "the gateway closed this connection: no byte of the"
                    + " request came for " + millis + " ms (its idleTimeout)");
            return;
        }
        if (!RequestActivity.isWaiting(a) || connection.streamBusy(now, idleNanos)) {
            idleSeen = BUSY;
            return;
        }
        if (a != idleSeen) {
            idleSeen = a;
            idleSince = now;
            return;
        }
        if (now - idleSince >= idleNanos && activity.close(a)) {
            log.progress("handler {}: {} idle for {} ms; closing", id, remote, millis);
            connection.stalled("idle");
            // The client reads the ERROR as the reply to its next request.
            connection.endTelling(ErrorCode.IDLE_TIMEOUT, "the gateway closed this connection after " + millis
                    + " ms without a request (its idleTimeout); get a new client");
        }
    }

    /**
     * Whether the client stopped reading what the gateway sends (a download or stream to a peer that
     * vanished behind a live path, or that hangs): one write blocked for the whole idle timeout, or a
     * stream whose window is spent with no credit (no frame at all) from the client for that long. A slow
     * client is not stalled: each write that moves bytes starts the count again.
     */
    private boolean stalledWriting(long now, long idleNanos) {
        return blocked(connection.writeBlockedSince(), now, idleNanos)
                || (blocked(connection.creditWaitSince(), now, idleNanos)
                        && blocked(connection.readBlockedSince(), now, idleNanos));
    }

    private static boolean blocked(long since, long now, long nanos) {
        return since != 0 && now - since >= nanos;
    }

    /**
     * The client left while a batch or send subroutine runs (a keepalive could not be sent): the
     * subroutine is interrupted, so that one that waits or checks its interrupt stops and frees the slot now.
     */
    private void clientLeft() {
        log.progress("handler {}: {} left during a subroutine; interrupting it", id, remote);
        connection.stalled("keepalive timeout");
        connection.interruptSubroutine();
    }
}
