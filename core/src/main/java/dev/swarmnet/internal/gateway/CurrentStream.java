package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.ProgressLog;
import dev.swarmnet.internal.wire.ProtocolViolation;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The stream subroutine a connection runs, if any: started by a STREAM_CALL, fed the client's credit and
 * cancel frames while the handler keeps reading, and waited for before the next request is served.
 *
 * <p>Threads: {@link #session} is set and cleared by the handler's thread only; the timer thread (liveness),
 * helpers and the shutdown thread read it (volatile) and act on the session, which guards itself.
 */
final class CurrentStream {
    private static final long END_GRACE_SECONDS = 10;

    private final ProgressLog log;
    private final String handlerId;
    private volatile StreamSession session;

    CurrentStream(ProgressLog log, String handlerId) {
        this.log = log;
        this.handlerId = handlerId;
    }

    /** Starts {@code s} (null: the call was answered with an ERROR, nothing to start). */
    void start(StreamSession s, Executor helpers) {
        if (s != null) {
            session = s;
            s.start(helpers);
        }
    }

    /** The client's STREAM_CREDIT; credit that crossed the stream's end on the wire is dropped. */
    void grant(int bytes) {
        StreamSession s = session;
        if (s != null) {
            s.grant(bytes);
        }
    }

    /** The client's STREAM_CANCEL, or the connection is cut; a cancel that crossed the stream's end is dropped. */
    void cancel() {
        StreamSession s = session;
        if (s != null) {
            s.cancel();
        }
    }

    /** Before the next request: the stream must have been ended, and its threads done. */
    void finish() throws ProtocolViolation {
        StreamSession s = session;
        if (s == null) {
            return;
        }
        if (!s.endQueued()) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "a request arrived while a stream was running");
        }
        await(s);
    }

    /** The connection ends: the stream is cancelled and its threads waited for. */
    void end() {
        StreamSession s = session;
        if (s != null) {
            s.cancel();
            await(s);
        }
    }

    /** Whether a stream runs, or its terminator was queued but its threads have not finished. */
    boolean running() {
        StreamSession s = session;
        return s != null && !(s.endQueued() && s.finished());
    }

    /** Whether a stream runs, ended less than {@code idleNanos} before {@code now}, or its threads still run. */
    boolean busy(long now, long idleNanos) {
        StreamSession s = session;
        return s != null && !(s.endedBefore(now, idleNanos) && s.finished());
    }

    /** When the stream's blocked write began; 0 when none is blocked (or no stream). */
    long writeBlockedSince() {
        StreamSession s = session;
        return s == null ? 0 : s.writing().since();
    }

    /** When the stream's subroutine began waiting for credit; 0 when it is not (or no stream). */
    long creditWaitSince() {
        StreamSession s = session;
        return s == null ? 0 : s.creditWaitSince();
    }

    /**
     * Ends a stream that still runs with ERROR {@code reason} (its subroutine is told as on a cancel).
     *
     * @return false when no stream runs
     */
    boolean endTelling(EndReason reason, Executor helpers) {
        StreamSession s = session;
        if (s == null || s.endQueued()) {
            return false;
        }
        String message = reason.busy("stream '" + s.name() + "'");
        // On a helper: queueing the terminator waits for a frame in progress, which a client that stopped
        // reading holds up until the shutdown cuts the connection.
        helpers.execute(() -> s.endWithError(reason.code(), message));
        return true;
    }

    private void await(StreamSession s) {
        try {
            if (!s.awaitEnd(END_GRACE_SECONDS, TimeUnit.SECONDS)) {
                log.logger().warn("handler {}: a stream subroutine ignored its cancellation for {} s;"
                        + " leaving it behind", handlerId, END_GRACE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session = null;
    }
}
