package dev.swarmnet.internal.telemetry;

/**
 * What a metrics binding hears from every gateway and controller of the process (see {@link Listeners}). Each
 * method runs on the thread that did the work, right after it: it must be quick and must not throw. Names and
 * outcomes are bounded sets: a subroutine the gateway does not have is reported as {@link #UNKNOWN_SUBROUTINE},
 * so that a client cannot make a meter per name it invents.
 */
public interface TelemetryListener {
    /** The subroutine name reported for a call of a subroutine the gateway does not hold. */
    String UNKNOWN_SUBROUTINE = "(unknown)";
    /** The outcome of what succeeded; any other is an {@code ErrorCode}'s name or one of the constants here. */
    String OK = "OK";
    /** The outcome of what ended because its connection did (closed, cut, reset). */
    String CONNECTION_LOST = "CONNECTION_LOST";
    /** The outcome of what its call timeout stopped. */
    String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
    /** The outcome of a transfer that ended with some files failed. */
    String FILES_FAILED = "FILES_FAILED";

    /** A connection passed its handshake. */
    default void connectionOpened(Side side) {
    }

    /** A connection that had opened closed, {@code nanos} after it opened; {@code reason} is a short phrase. */
    default void connectionClosed(Side side, String reason, long nanos) {
    }

    /** A connection ended in its handshake; {@code authentication} when the shared secret did not match. */
    default void handshakeFailed(Side side, boolean authentication) {
    }

    /** A call ended; {@code kind} is batch, send, stream or ping, {@code outcome} OK or an error code's name. */
    default void callEnded(Side side, String subroutine, String kind, String outcome, long bytesIn, long bytesOut,
            long nanos) {
    }

    /** A file transfer ended; {@code direction} is download or upload, as the client sees it. */
    default void transferEnded(Side side, String direction, String outcome, long files, long bytes, long failures,
            long nanos) {
    }

    /** A connection was closed by a liveness check: {@code what} is stall, idle or keepalive timeout. */
    default void stalled(Side side, String what) {
    }

    /** A gateway started listening: its handler pool can be read until {@link #poolClosed}. */
    default void poolOpened(PoolView pool) {
    }

    /** The gateway of {@code pool} closed. */
    default void poolClosed(PoolView pool) {
    }
}
