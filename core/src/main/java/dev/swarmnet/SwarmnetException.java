package dev.swarmnet;

import java.io.IOException;

/** Base of every failure swarmnet reports: a network problem, a protocol problem, or a remote error. */
public class SwarmnetException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception saying {@code message}. */
    public SwarmnetException(String message) {
        super(message);
    }

    /** An exception saying {@code message}, caused by {@code cause}. */
    public SwarmnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
