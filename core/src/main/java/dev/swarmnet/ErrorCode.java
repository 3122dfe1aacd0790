package dev.swarmnet;

/**
 * Why a remote operation failed. The numeric {@link #wireCode()} travels in ERROR frames
 * (see docs/PROTOCOL.md); codes a peer does not know arrive as {@link #UNKNOWN}.
 */
public enum ErrorCode {
    /** A code this version does not know (sent by a newer peer). */
    UNKNOWN(0),
    /** No subroutine is registered under the requested name. */
    UNKNOWN_SUBROUTINE(1),
    /** The subroutine exists but is of another kind (e.g. a stream called as a batch). */
    WRONG_KIND(2),
    /** The arguments do not fit the subroutine: missing, of the wrong type, or undecodable. */
    BAD_ARGUMENTS(3),
    /** The subroutine threw; the message names the exception. */
    SUBROUTINE_FAILED(4),
    /** The gateway's handler pool is full (pynetwork answered 503). */
    POOL_FULL(5),
    /** The peer broke the protocol: unexpected frame, malformed body, wrong magic. */
    PROTOCOL_ERROR(6),
    /** A frame's length prefix exceeds the receiver's maximum frame size. */
    FRAME_TOO_LARGE(7),
    /** The peer speaks a protocol version this side does not support. */
    UNSUPPORTED_VERSION(8),
    /** The gateway is shutting down. */
    SHUTTING_DOWN(9),
    /** The operation is not allowed by the gateway's configuration. */
    FORBIDDEN(10),
    /** A result is larger than the maximum frame size and cannot be sent. */
    RESULT_TOO_LARGE(11),
    /** An unexpected failure inside the gateway itself. */
    INTERNAL(12),
    /** The file or folder does not exist (inside the gateway's shares). */
    NOT_FOUND(13),
    /** A file could not be read or written on the receiving or sending side. */
    TRANSFER_FAILED(14),
    /** A file's bytes did not match the sender's checksum, or it changed while it was sent. */
    CHECKSUM_MISMATCH(15),
    /** A request asked for more than the gateway allows (too many files, arguments too large). */
    LIMIT_EXCEEDED(16),
    /** The client did not prove it knows the gateway's shared secret (missing or wrong secret). */
    UNAUTHENTICATED(17),
    /** The gateway closed a connection that had been idle for longer than its idle timeout. */
    IDLE_TIMEOUT(18);

    private final int wireCode;

    ErrorCode(int wireCode) {
        this.wireCode = wireCode;
    }

    /** The number that represents this code on the wire. */
    public int wireCode() {
        return wireCode;
    }

    /** The code for a wire number; {@link #UNKNOWN} for numbers this version does not know. */
    public static ErrorCode fromWire(int code) {
        for (ErrorCode c : values()) {
            if (c.wireCode == code) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
