package dev.swarmnet.internal.wire;

import dev.swarmnet.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The connection preface (docs/PROTOCOL.md, "Handshake"): the gateway speaks first with its hello,
 * so a refused client learns why before it has sent anything; the client answers with its own.
 */
public final class Handshake {
    /** What the gateway said in its hello. */
    public record ServerHello(int version, int status, byte[] extension) {
    }

    /** What the client said in its hello. */
    public record ClientHello(int version, int flags, byte[] extension) {
    }

    /** The first byte of a TLS ClientHello record (content type "handshake"), followed by version 3.x. */
    public static final byte TLS_HANDSHAKE_RECORD = 0x16;

    private Handshake() {
    }

    public static void writeServerHello(ConnectionWriter writer, int status) throws IOException {
        writeServerHello(writer, status, HelloExtension.NONE);
    }

    /** A gateway hello carrying {@code extension} (see {@link HelloExtension}). */
    public static void writeServerHello(ConnectionWriter writer, int status, byte[] extension) throws IOException {
        writer.writeRaw(hello(status, extension));
    }

    public static void writeClientHello(ConnectionWriter writer) throws IOException {
        writeClientHello(writer, HelloExtension.NONE);
    }

    /** A client hello carrying {@code extension} (see {@link HelloExtension}). */
    public static void writeClientHello(ConnectionWriter writer, byte[] extension) throws IOException {
        writer.writeRaw(hello(0, extension));
    }

    public static ServerHello readServerHello(FrameReader reader) throws IOException {
        ByteBuffer b = readPreface(reader, "gateway");
        int version = b.get() & 0xFF;
        int status = b.get() & 0xFF;
        return new ServerHello(version, status, readExtension(reader, b.getShort() & 0xFFFF));
    }

    public static ClientHello readClientHello(FrameReader reader) throws IOException {
        ByteBuffer b = readPreface(reader, "client");
        int version = b.get() & 0xFF;
        int flags = b.get() & 0xFF;
        return new ClientHello(version, flags, readExtension(reader, b.getShort() & 0xFFFF));
    }

    private static byte[] hello(int statusOrFlags, byte[] extension) {
        if (extension.length > Protocol.MAX_HELLO_EXTENSION) {
            throw new IllegalArgumentException("hello extension of " + extension.length + " bytes");
        }
        return ByteBuffer.allocate(Protocol.HELLO_SIZE + extension.length)
                .putInt(Protocol.MAGIC)
                .put((byte) Protocol.VERSION)
                .put((byte) statusOrFlags)
                .putShort((short) extension.length)
                .put(extension)
                .array();
    }

    private static ByteBuffer readPreface(FrameReader reader, String peer) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(reader.readRaw(Protocol.HELLO_SIZE));
        if (b.getInt() != Protocol.MAGIC) {
            if (b.get(0) == TLS_HANDSHAKE_RECORD && b.get(1) == 3) {
                throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "the " + peer + " speaks TLS, but this "
                        + ("client".equals(peer) ? "gateway is not configured for it (Gateway.builder().tls)"
                                : "controller is not configured for it (Controller.builder().tls)"));
            }
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                    "the " + peer + " does not speak the swarmnet protocol (wrong magic)");
        }
        return b;
    }

    private static byte[] readExtension(FrameReader reader, int length) throws IOException {
        if (length > Protocol.MAX_HELLO_EXTENSION) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "hello extension of " + length + " bytes is too long");
        }
        return length == 0 ? new byte[0] : reader.readRaw(length);
    }
}
