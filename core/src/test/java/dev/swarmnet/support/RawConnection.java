package dev.swarmnet.support;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A plain socket speaking the wire protocol by hand (see internal/wire/Protocol.java): an 8-byte hello
 * ({@code SWNT}, version, status/flags, extension length), then frames of a 4-byte big-endian body
 * length, a 1-byte type and the body. The numbers are written out here on purpose, independent of the
 * library's constants. Reads time out instead of hanging a test.
 */
public final class RawConnection implements AutoCloseable {
    public static final int MAGIC = 0x53574E54;
    public static final int VERSION = 1;
    public static final int HELLO_SIZE = 8;
    public static final int STATUS_READY = 0;

    public static final int PING = 0x01;
    public static final int PONG = 0x02;
    public static final int BATCH_CALL = 0x10;
    public static final int SEND_CALL = 0x11;
    public static final int STREAM_CALL = 0x12;
    public static final int STREAM_CHUNK = 0x22;
    public static final int STREAM_END = 0x23;
    public static final int BATCH_RESULT = 0x20;
    public static final int SEND_RESULT = 0x21;
    public static final int STREAM_CREDIT = 0x24;
    public static final int STREAM_CANCEL = 0x25;
    public static final int CLOSE_HANDLER = 0x30;
    public static final int CLOSE_GATEWAY = 0x31;
    public static final int BYE = 0x32;
    public static final int FILE_LIST = 0x40;
    public static final int FILE_LIST_PART = 0x41;
    public static final int FILE_LIST_END = 0x4D;
    public static final int FILE_GET = 0x42;
    public static final int FILE_DATA = 0x43;
    public static final int FILE_DONE = 0x44;
    public static final int FILE_FAILED = 0x45;
    public static final int FILE_PUT = 0x46;
    public static final int FILE_ACK = 0x47;
    public static final int FILE_REGET = 0x4C;
    public static final int AUTH_OK = 0x50;
    public static final int ERROR = 0x7F;

    public static final int END_CANCELLED = 1;

    /** One frame as read off the wire. */
    public record Frame(int type, byte[] body) {
        /** The error code of an ERROR frame. */
        public int errorCode() {
            return ByteBuffer.wrap(body).getShort() & 0xFFFF;
        }

        /** The message of an ERROR frame. */
        public String errorMessage() {
            return new String(body, 2, body.length - 2, StandardCharsets.UTF_8);
        }
    }

    /** The parts of a hello. */
    public record Hello(int magic, int version, int statusOrFlags, int extensionLength) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    public RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) Waits.TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    /** Connects to a gateway on the loopback interface. */
    public static RawConnection open(int port) throws IOException {
        return new RawConnection(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    public Hello readHello() throws IOException {
        return new Hello(in.readInt(), in.readUnsignedByte(), in.readUnsignedByte(), in.readUnsignedShort());
    }

    public void writeHello(int magic, int version, int statusOrFlags) throws IOException {
        out.writeInt(magic);
        out.writeByte(version);
        out.writeByte(statusOrFlags);
        out.writeShort(0);
        out.flush();
    }

    /** A valid client hello. */
    public void writeClientHello() throws IOException {
        writeHello(MAGIC, VERSION, 0);
    }

    /**
     * A valid client hello, then the frame that ends the handshake on a gateway without a secret: an empty
     * AUTH_OK, which says the connection has its pool slot.
     */
    public void writeClientHelloAndAwaitAdmission() throws IOException {
        writeClientHello();
        Frame admission = readFrame();
        if (admission == null || admission.type() != AUTH_OK || admission.body().length != 0) {
            throw new IOException("expected an empty AUTH_OK after the client hello, got "
                    + (admission == null ? "EOF" : "frame type 0x" + Integer.toHexString(admission.type())
                            + (admission.type() == ERROR ? " (" + admission.errorMessage() + ")" : "")));
        }
    }

    /** As a gateway without a secret: the empty AUTH_OK that lets a client in after its hello. */
    public void writeAdmission() throws IOException {
        writeFrame(AUTH_OK, new byte[0]);
    }

    /** Bytes as they are: a hello, part of a frame, a file body, garbage. */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends FIN: the peer reads the end of the stream, this side can still read what it answers. */
    public void shutdownOutput() throws IOException {
        if (!socket.isOutputShutdown()) {
            socket.shutdownOutput();
        }
    }

    /** Only a frame header: {@code length} may claim more than is ever sent. */
    public void writeHeader(int length, int type) throws IOException {
        out.writeInt(length);
        out.writeByte(type);
        out.flush();
    }

    public void writeFrame(int type, byte[] body) throws IOException {
        out.writeInt(body.length);
        out.writeByte(type);
        out.write(body);
        out.flush();
    }

    /** The next frame, or null when the peer closed the connection (also by a reset). */
    public Frame readFrame() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException | SocketException closed) {
            return null;
        }
        int type = in.readUnsignedByte();
        byte[] body = new byte[length];
        in.readFully(body);
        return new Frame(type, body);
    }

    /** One byte that is not part of a frame (e.g. of a file body after FILE_DATA). */
    public byte readByte() throws IOException {
        return in.readByte();
    }

    /** Whether the peer has closed: the next read ends the stream (a reset counts as closed). */
    public boolean isClosedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
