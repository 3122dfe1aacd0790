package dev.swarmnet.internal.telemetry;

import dev.swarmnet.ConnectionStalledException;
import dev.swarmnet.DeadlineExceededException;
import dev.swarmnet.RemoteException;
import java.io.IOException;

/** The outcome a failure is reported under: one of a small, fixed set of names, never a message. */
public final class Outcome {
    private Outcome() {
    }

    /** The gateway's error code, or what ended the operation on this side. */
    public static String of(Throwable failure) {
        if (failure instanceof RemoteException r) {
            return r.errorCode().name();
        }
        if (failure instanceof DeadlineExceededException) {
            return TelemetryListener.DEADLINE_EXCEEDED;
        }
        if (failure instanceof ConnectionStalledException) {
            return "STALLED";
        }
        if (failure instanceof IOException) {
            return TelemetryListener.CONNECTION_LOST;
        }
        return "FAILED";
    }
}
