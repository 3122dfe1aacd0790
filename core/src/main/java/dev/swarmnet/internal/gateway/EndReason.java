package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import java.util.function.UnaryOperator;

/**
 * Why the gateway ends a connection now, as its client is told: the code, the message for a client that
 * waits for its next request, and the message for one whose request (a stream, a subroutine) is cut short,
 * made from what that request is ("stream 'ticks'"). {@link #CUT} tells nothing: the connection is closed.
 */
record EndReason(ErrorCode code, String whenWaiting, UnaryOperator<String> whenBusy) {
    static final EndReason CUT = new EndReason(null, null, null);

    /** Whether the client is to be told; false for {@link #CUT}. */
    boolean tells() {
        return code != null;
    }

    /** The message for a client whose {@code what} is cut short. */
    String busy(String what) {
        return whenBusy.apply(what);
    }
}
