package dev.swarmnet;

/**
 * File work refused because this JVM does not map file names to UTF-8: Java takes that mapping
 * ({@code sun.jnu.encoding}) from the locale the JVM starts in, and under {@code LC_ALL=C} or {@code POSIX} it is
 * ASCII, which would change every name that is not ASCII. Thrown by a transfer ({@link Client}, {@link Swarm})
 * and by {@link Gateway.Builder#build()} for a gateway with shares or a download dir; the message says to start
 * the JVM with a UTF-8 locale, e.g. {@code LC_ALL=C.UTF-8}. Nothing was read, written or sent.
 */
public class NameEncodingException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An exception saying {@code message}. */
    public NameEncodingException(String message) {
        super(message);
    }
}
