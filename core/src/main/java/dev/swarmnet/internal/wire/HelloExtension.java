package dev.swarmnet.internal.wire;

import dev.swarmnet.ErrorCode;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The hello's extension bytes (docs/PROTOCOL.md, "Hello extension"): a sequence of items
 * {@code u8 tag | u16 length | value}. Unknown tags are skipped, so new items can be added without a
 * version change. Version 1 defines the authentication challenge (gateway) and response (client).
 */
public final class HelloExtension {
    /** Gateway hello: "authentication required"; value = u8 scheme, 32-byte gateway nonce. */
    public static final int AUTH_CHALLENGE = 0x01;
    /** Client hello: the answer; value = u8 scheme, 32-byte client nonce, 32-byte proof. */
    public static final int AUTH_RESPONSE = 0x02;
    /** HMAC-SHA256 over a context string and both nonces. */
    public static final int SCHEME_HMAC_SHA256 = 0x01;
    private static final int ITEM_HEADER = 3;

    public static final byte[] NONE = new byte[0];

    /** A challenge from the gateway. */
    public record Challenge(int scheme, byte[] nonce) {
    }

    /** A client's response to a challenge. */
    public record Response(int scheme, byte[] nonce, byte[] proof) {
    }

    private HelloExtension() {
    }

    public static byte[] challenge(byte[] gatewayNonce) {
        return item(AUTH_CHALLENGE, concat(new byte[] {(byte) SCHEME_HMAC_SHA256}, gatewayNonce));
    }

    public static byte[] response(byte[] clientNonce, byte[] proof) {
        return item(AUTH_RESPONSE, concat(new byte[] {(byte) SCHEME_HMAC_SHA256}, clientNonce, proof));
    }

    /** The gateway's challenge, or null when it requires no authentication. */
    public static Challenge readChallenge(byte[] extension, int nonceSize) throws ProtocolViolation {
        byte[] value = find(extension, AUTH_CHALLENGE, "gateway");
        if (value == null) {
            return null;
        }
        if (value.length < 1) {
            throw violation("gateway", "an empty authentication challenge");
        }
        int scheme = value[0] & 0xFF;
        if (scheme == SCHEME_HMAC_SHA256 && value.length != 1 + nonceSize) {
            throw violation("gateway", "an authentication challenge of " + value.length + " bytes");
        }
        return new Challenge(scheme, Arrays.copyOfRange(value, 1, value.length));
    }

    /** The client's response, or null when it sent none. */
    public static Response readResponse(byte[] extension, int nonceSize, int proofSize) throws ProtocolViolation {
        byte[] value = find(extension, AUTH_RESPONSE, "client");
        if (value == null) {
            return null;
        }
        if (value.length < 1) {
            throw violation("client", "an empty authentication response");
        }
        int scheme = value[0] & 0xFF;
        if (scheme != SCHEME_HMAC_SHA256) {
            return new Response(scheme, NONE, NONE);
        }
        if (value.length != 1 + nonceSize + proofSize) {
            throw violation("client", "an authentication response of " + value.length + " bytes");
        }
        return new Response(scheme, Arrays.copyOfRange(value, 1, 1 + nonceSize),
                Arrays.copyOfRange(value, 1 + nonceSize, value.length));
    }

    /** The value of the one item with {@code tag}; null if absent. Malformed items and duplicates are violations. */
    private static byte[] find(byte[] extension, int tag, String peer) throws ProtocolViolation {
        ByteBuffer b = ByteBuffer.wrap(extension);
        byte[] found = null;
        while (b.hasRemaining()) {
            if (b.remaining() < ITEM_HEADER) {
                throw violation(peer, "a truncated hello extension item");
            }
            int itemTag = b.get() & 0xFF;
            int length = b.getShort() & 0xFFFF;
            if (length > b.remaining()) {
                throw violation(peer, "a hello extension item longer than the extension");
            }
            if (itemTag == tag) {
                if (found != null) {
                    throw violation(peer, "hello extension item 0x" + Integer.toHexString(tag) + " twice");
                }
                found = new byte[length];
                b.get(found);
            } else {
                b.position(b.position() + length); // an item this version does not know
            }
        }
        return found;
    }

    private static byte[] item(int tag, byte[] value) {
        return ByteBuffer.allocate(ITEM_HEADER + value.length).put((byte) tag).putShort((short) value.length)
                .put(value).array();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private static ProtocolViolation violation(String peer, String what) {
        return new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "the " + peer + " sent " + what);
    }
}
