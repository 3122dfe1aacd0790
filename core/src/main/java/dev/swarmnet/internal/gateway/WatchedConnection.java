package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import java.io.IOException;

/**
 * What {@link ConnectionLiveness} reads of a connection, and what it has done to it. The times are
 * {@link System#nanoTime()} readings (0: not blocked, not waiting), as {@link NanoClock#SYSTEM} gives.
 */
interface WatchedConnection {
    /** When the handler's current blocking read began; 0 when it is not reading. */
    long readBlockedSince();

    /** When the oldest blocking write to the client (a reply, or a stream's) began; 0 when none is blocked. */
    long writeBlockedSince();

    /** When a stream's subroutine began waiting for the client's credit; 0 when none waits. */
    long creditWaitSince();

    /** Whether a stream runs, ended less than {@code idleNanos} before {@code now}, or its threads still run. */
    boolean streamBusy(long now, long idleNanos);

    /** Frees the slot and closes the connection without a word (the client reads nothing anyway). */
    void cut();

    /**
     * Frees the slot, tells the client {@code code} and {@code message} from a helper thread (the write
     * may block) and closes; the socket is cut a little later whatever becomes of the write.
     */
    void endTelling(ErrorCode code, String message);

    /** Writes a KEEPALIVE unless someone else is writing; throws when the client is gone. */
    void sendKeepalive() throws IOException;

    /** Interrupts the handler's thread, inside a subroutine whose client left. */
    void interruptSubroutine();

    /** The liveness checks are closing the connection: {@code what} is stall, idle or keepalive timeout. */
    default void stalled(String what) {
    }
}
