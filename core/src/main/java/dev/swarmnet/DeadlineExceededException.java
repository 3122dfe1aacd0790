package dev.swarmnet;

/**
 * An operation did not finish within its call timeout ({@link Controller.Builder#callTimeout} or
 * {@link Client#withCallTimeout}). The client's connection was closed to stop it; get a new client
 * to go on. The gateway learns it at once for a stream or transfer (the stream's subroutine is told to
 * stop), and for a batch or send subroutine when it replies or, at the latest, when its next keepalive
 * frame cannot be sent: the subroutine's thread is then interrupted. Either way the handler frees its
 * pool slot. Whether the gateway finished its side (a batch subroutine may have run) is unknown.
 */
public class DeadlineExceededException extends SwarmnetException {
    private static final long serialVersionUID = 1L;

    /** An exception saying {@code message}. */
    public DeadlineExceededException(String message) {
        super(message);
    }

    /** An exception saying {@code message}, caused by {@code cause}. */
    public DeadlineExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
