package dev.swarmnet.internal.client;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.RemoteException;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameEncoder;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Handshake;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * The controller's end of one connection: connect and handshake, then write requests and read the
 * replies that belong to them. Any failure other than a remote error leaves the frame stream in an
 * unknown state, so it closes the connection.
 */
public final class Connection implements AutoCloseable {
    private final SocketChannel channel;
    private final FrameReader reader;
    private final ConnectionWriter writer;
    private volatile boolean open = true;

    private Connection(SocketChannel channel, FrameReader reader) {
        this.channel = channel;
        this.reader = reader;
        this.writer = new ConnectionWriter(channel);
    }

    /** Connects, reads the gateway's hello and answers it. */
    public static Connection open(String host, int port, int connectTimeoutMillis, int maxFrameSize)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            channel.socket().connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            channel.socket().setSoTimeout(connectTimeoutMillis);
            Connection c = new Connection(channel,
                    new FrameReader(channel.socket().getInputStream(), channel, maxFrameSize));
            c.handshake(host + ":" + port);
            channel.socket().setSoTimeout(0);
            return c;
        } catch (SocketTimeoutException e) {
            channel.close();
            throw new SwarmnetException("gateway " + host + ":" + port + " did not answer within "
                    + connectTimeoutMillis + " ms", e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void handshake(String gateway) throws IOException {
        Handshake.ServerHello hello = Handshake.readServerHello(reader);
        if (hello.status() != Protocol.STATUS_READY) {
            throw refusal();
        }
        if (hello.version() != Protocol.VERSION) {
            throw new SwarmnetException("gateway " + gateway + " speaks protocol version " + hello.version()
                    + "; this client speaks " + Protocol.VERSION);
        }
        Handshake.writeClientHello(writer);
    }

    private RemoteException refusal() throws IOException {
        if (reader.next() != Protocol.ERROR) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "gateway refused the connection without a reason");
        }
        return readError();
    }

    /** Sends frames. */
    public void send(FrameEncoder encoder) throws IOException {
        ensureOpen();
        try {
            writer.write(encoder);
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        }
    }

    /**
     * Reads the next frame's type, turning an ERROR frame into a {@link RemoteException}. Other types
     * are the caller's to check.
     */
    public int next() throws IOException {
        ensureOpen();
        int type;
        try {
            type = reader.next();
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        }
        if (type == Protocol.ERROR) {
            RemoteException error = read(r -> readError());
            if (isFatal(error.errorCode())) {
                close();
            }
            throw error;
        }
        return type;
    }

    /** Reads the next frame and checks it is {@code expected}. */
    public void expect(int expected) throws IOException {
        int type = next();
        if (type != expected) {
            throw fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "expected frame type 0x"
                    + Integer.toHexString(expected) + " but the gateway sent 0x" + Integer.toHexString(type)));
        }
    }

    /** The body of the current frame, read with the given reader function. */
    public <T> T read(BodyReader<T> body) throws IOException {
        try {
            return body.read(reader);
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        }
    }

    /** Reads a frame body. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(FrameReader reader) throws IOException;
    }

    /** Marks the connection broken, closes it and returns {@code e} for throwing. */
    public IOException fail(Exception e) {
        close();
        if (e instanceof SwarmnetException) {
            return (SwarmnetException) e;
        }
        if (e instanceof RuntimeException) {
            return new SwarmnetException("connection failed: " + e, e);
        }
        return new SwarmnetException("connection to the gateway lost: " + e.getMessage(), e);
    }

    /** The frame reader, for operations that read raw file bodies. */
    public FrameReader reader() {
        return reader;
    }

    /** The frame writer, for operations that send raw file bodies. */
    public ConnectionWriter writer() {
        return writer;
    }

    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a broken socket has nothing left to report
        }
    }

    private RemoteException readError() throws IOException {
        int code = reader.readUnsignedShort();
        String message = reader.readUtf8(reader.remaining());
        ErrorCode errorCode = ErrorCode.fromWire(code);
        return errorCode == ErrorCode.POOL_FULL ? new PoolFullException(message) : new RemoteException(errorCode, message);
    }

    private static boolean isFatal(ErrorCode code) {
        return code == ErrorCode.PROTOCOL_ERROR || code == ErrorCode.FRAME_TOO_LARGE
                || code == ErrorCode.UNSUPPORTED_VERSION || code == ErrorCode.SHUTTING_DOWN
                || code == ErrorCode.INTERNAL;
    }

    private void ensureOpen() throws SwarmnetException {
        if (!open) {
            throw new SwarmnetException("this client's connection is closed; get a new client from the controller");
        }
    }
}
