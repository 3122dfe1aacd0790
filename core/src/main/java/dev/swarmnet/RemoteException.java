package dev.swarmnet;

/**
 * The gateway refused or failed an operation and said why. The connection stays usable for the next
 * call unless the code is a connection-level one ({@link ErrorCode#PROTOCOL_ERROR},
 * {@link ErrorCode#FRAME_TOO_LARGE}, {@link ErrorCode#UNSUPPORTED_VERSION},
 * {@link ErrorCode#SHUTTING_DOWN}, {@link ErrorCode#INTERNAL}), after which the client is closed.
 */
public class RemoteException extends SwarmnetException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String remoteMessage;

    /** The gateway's {@code code} and {@code remoteMessage}; the exception's message is both. */
    public RemoteException(ErrorCode code, String remoteMessage) {
        super(code + ": " + remoteMessage);
        this.code = code;
        this.remoteMessage = remoteMessage;
    }

    /** Why the gateway failed the operation. */
    public ErrorCode errorCode() {
        return code;
    }

    /** The gateway's own words. */
    public String remoteMessage() {
        return remoteMessage;
    }
}
