package dev.swarmnet;

/**
 * The arguments of a call do not fit the subroutine. Thrown by {@link Call}'s accessors on the
 * gateway; a subroutine may throw it too. The caller receives it as a {@link RemoteException} with
 * {@link ErrorCode#BAD_ARGUMENTS} — any other exception a subroutine throws is
 * {@link ErrorCode#SUBROUTINE_FAILED}, so a bug inside a subroutine is never misreported as bad arguments.
 */
public class ArgumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An exception saying {@code message}. */
    public ArgumentException(String message) {
        super(message);
    }

    /** An exception saying {@code message}, caused by {@code cause}. */
    public ArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
