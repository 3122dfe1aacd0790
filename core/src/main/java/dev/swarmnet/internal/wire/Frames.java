package dev.swarmnet.internal.wire;

import dev.swarmnet.ErrorCode;
import java.io.IOException;

/** Encoders for every frame of docs/PROTOCOL.md, onto any {@link FrameSink}. */
public final class Frames {
    private Frames() {
    }

    public static void empty(FrameSink s, int type) throws IOException {
        s.header(type, 0);
    }

    /** PING, PONG and BATCH_RESULT: the body is the bytes. */
    public static void bytes(FrameSink s, int type, byte[] body) throws IOException {
        s.header(type, body.length);
        s.put(body);
    }

    public static void batchCall(FrameSink s, byte[] name, byte[] args) throws IOException {
        s.header(Protocol.BATCH_CALL, (int) batchCallLength(name, args));
        nameAndArgs(s, name, args);
    }

    public static void sendCall(FrameSink s, byte[] name, byte[] args, byte[] buffer) throws IOException {
        s.header(Protocol.SEND_CALL, (int) sendCallLength(name, args, buffer.length));
        nameAndArgs(s, name, args);
        s.put(buffer);
    }

    public static void streamCall(FrameSink s, byte[] name, byte[] args, int window) throws IOException {
        s.header(Protocol.STREAM_CALL, (int) streamCallLength(name, args));
        s.putInt(window);
        nameAndArgs(s, name, args);
    }

    /** The body length of a BATCH_CALL: name and arguments. As a long, for checking it against the frame limit. */
    public static long batchCallLength(byte[] name, byte[] args) {
        return nameAndArgsLength(name, args);
    }

    /** The body length of a SEND_CALL: name, arguments and the buffer of {@code bufferLength} bytes. */
    public static long sendCallLength(byte[] name, byte[] args, int bufferLength) {
        return nameAndArgsLength(name, args) + bufferLength;
    }

    /** The body length of a STREAM_CALL: the window, name and arguments. */
    public static long streamCallLength(byte[] name, byte[] args) {
        return 4L + nameAndArgsLength(name, args);
    }

    /** The body length of a PING (or PONG) carrying {@code message}. */
    public static long pingLength(byte[] message) {
        return message.length;
    }

    private static long nameAndArgsLength(byte[] name, byte[] args) {
        return 2L + name.length + 4 + args.length;
    }

    public static void sendResult(FrameSink s, int value) throws IOException {
        s.header(Protocol.SEND_RESULT, 4);
        s.putInt(value);
    }

    public static void chunk(FrameSink s, long ident, byte[] payload) throws IOException {
        s.header(Protocol.STREAM_CHUNK, 8 + payload.length);
        s.putLong(ident);
        s.put(payload);
    }

    public static void streamEnd(FrameSink s, int reason) throws IOException {
        s.header(Protocol.STREAM_END, 1);
        s.putByte(reason);
    }

    public static void credit(FrameSink s, int bytes) throws IOException {
        s.header(Protocol.STREAM_CREDIT, 4);
        s.putInt(bytes);
    }

    public static void error(FrameSink s, ErrorCode code, String message) throws IOException {
        byte[] text = messageText(message);
        s.header(Protocol.ERROR, 2 + text.length);
        s.putShort(code.wireCode());
        s.put(text);
    }

    private static void nameAndArgs(FrameSink s, byte[] name, byte[] args) throws IOException {
        s.putShort(name.length);
        s.put(name);
        s.putInt(args.length);
        s.put(args);
    }

    /**
     * The UTF-8 of an error message (ERROR, FILE_FAILED, FILE_ACK), cut to at most
     * {@link Protocol#MAX_ERROR_MESSAGE_BYTES} on a character boundary, so that it stays valid UTF-8 for
     * the peer's strict decoder; null is the empty message.
     */
    public static byte[] messageText(String message) {
        return truncate(Utf8.encode(message == null ? "" : message));
    }

    /**
     * Error messages are for people: keep them within {@link Protocol#MAX_ERROR_MESSAGE_BYTES}, so an
     * ERROR fits any peer's smallest maximum frame, cutting on a character boundary.
     */
    private static byte[] truncate(byte[] text) {
        int max = Protocol.MAX_ERROR_MESSAGE_BYTES;
        if (text.length <= max) {
            return text;
        }
        int end = max;
        while (end > 0 && (text[end] & 0xC0) == 0x80) {
            end--; // never split a multi-byte character
        }
        return java.util.Arrays.copyOf(text, end);
    }
}
