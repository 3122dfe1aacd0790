package dev.swarmnet;

/**
 * Shared-secret authentication failed: the controller has no secret or the wrong one for a gateway
 * that requires one, or the gateway could not prove that it knows the controller's secret (an
 * impostor, or a gateway configured without a secret). The connection is closed; retrying with the
 * same configuration fails the same way. The message says which side failed, never the secret.
 */
public class AuthenticationException extends SwarmnetException {
    private static final long serialVersionUID = 1L;

    /** An exception saying {@code message}. */
    public AuthenticationException(String message) {
        super(message);
    }

    /** An exception saying {@code message}, caused by {@code cause}. */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
