package dev.swarmnet;

import java.io.IOException;

/** Base of every failure swarmnet reports: a network problem, a protocol problem, or a remote error. */
public class SwarmnetException extends IOException {
    private static final long serialVersionUID = 1L;

    public SwarmnetException(String message) {
        super(message);
    }

    public SwarmnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
