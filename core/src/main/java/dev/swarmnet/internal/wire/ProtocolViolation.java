package dev.swarmnet.internal.wire;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.SwarmnetException;

/** The peer sent bytes that break the protocol; the connection cannot continue. */
public final class ProtocolViolation extends SwarmnetException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ProtocolViolation(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
