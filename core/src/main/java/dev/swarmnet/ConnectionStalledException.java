package dev.swarmnet;

/**
 * The gateway stopped answering: an operation waited on the network without one byte moving for the
 * controller's {@link Controller.Builder#stallTimeout stall timeout}, or an idle connection's
 * keepalive ping went unanswered as long. A live gateway sends keepalive frames while it works on a
 * long request, so this means a dead peer or a broken path, not a slow subroutine. The connection is
 * closed; get a new client (a swarm transfer replaces the connection by itself).
 */
public class ConnectionStalledException extends SwarmnetException {
    private static final long serialVersionUID = 1L;

    /** An exception saying {@code message}. */
    public ConnectionStalledException(String message) {
        super(message);
    }

    /** An exception saying {@code message}, caused by {@code cause}. */
    public ConnectionStalledException(String message, Throwable cause) {
        super(message, cause);
    }
}
