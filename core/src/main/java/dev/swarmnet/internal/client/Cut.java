package dev.swarmnet.internal.client;

import dev.swarmnet.ConnectionStalledException;
import dev.swarmnet.DeadlineExceededException;
import dev.swarmnet.SwarmnetException;

/**
 * Why a connection was closed from outside the operation using it: the failure that operation (and
 * every later one) reports instead of the bare socket error the close caused.
 *
 * @param deadline true for a call timeout, false for a stall
 */
public record Cut(boolean deadline, String message) {

    public static Cut deadline(String message) {
        return new Cut(true, message);
    }

    public static Cut stall(String message) {
        return new Cut(false, message);
    }

    /** A new exception each time: one instance thrown on two threads would share a stack trace. */
    SwarmnetException exception(Throwable cause) {
        return deadline ? new DeadlineExceededException(message, cause) : new ConnectionStalledException(message, cause);
    }
}
