package dev.swarmnet;

/**
 * An operation did not finish within its call timeout ({@link Controller.Builder#callTimeout} or
 * {@link Client#withCallTimeout}). The client's connection was closed to stop it, so the gateway's
 * handler learns at once and frees its pool slot (a stream subroutine is told to stop); get a new
 * client to go on. Whether the gateway finished its side (a batch subroutine may have run) is unknown.
 */
public class DeadlineExceededException extends SwarmnetException {
    private static final long serialVersionUID = 1L;

    public DeadlineExceededException(String message) {
        super(message);
    }

    public DeadlineExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
