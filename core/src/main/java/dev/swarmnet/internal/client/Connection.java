package dev.swarmnet.internal.client;

import dev.swarmnet.AuthenticationException;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.RemoteException;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.internal.auth.SharedSecret;
import dev.swarmnet.internal.telemetry.ConnectionTrace;
import dev.swarmnet.internal.telemetry.Telemetry;
import dev.swarmnet.internal.tls.TlsFailures;
import dev.swarmnet.internal.tls.TlsTransport;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameEncoder;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Handshake;
import dev.swarmnet.internal.wire.HelloExtension;
import dev.swarmnet.internal.wire.PlainTransport;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.SocketTuning;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.wire.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * The controller's end of one connection: connect (and TLS handshake), hellos (and shared-secret
 * authentication), then write requests and read the replies that belong to them. Any failure other
 * than a remote error leaves the frame stream in an unknown state, so it closes the connection.
 *
 * <p>Threads and fields. The handshake runs on the opening thread before any other sees the connection;
 * after it, frames are read and written only by the thread that holds {@code operations}, the lock an
 * {@link Operation} takes for its work here: a caller's thread, a swarm's lane thread or a keepalive pinger;
 * {@code reader} and {@code writer} are therefore guarded by that lock (the watchdog only asks them how
 * long their current read or write has been blocked, which they keep in volatile fields). {@code open},
 * {@code cut}, {@code closedBy} and {@code lastUsedNanos} are volatile: set by the operation's thread, and by the
 * watchdog's timer thread or any closing thread for {@code open} and {@code cut} ({@link #close} and
 * {@link #cut} may run while another thread is blocked in I/O here: that is how it is stopped), read by all.
 * {@code transport} is final and thread-safe to close.
 */
public final class Connection implements AutoCloseable {
    private final Transport transport;
    private final FrameReader reader;
    private final ConnectionWriter writer;
    /** One operation at a time: held by whichever {@link Operation} uses the connection (a call, a ping). */
    private final ReentrantLock operations = new ReentrantLock();
    private volatile boolean open = true;
    private volatile Cut cut;
    private volatile RemoteException closedBy;
    private volatile long lastUsedNanos = System.nanoTime();
    /** This connection as reported once it opened; the trace reports its close once, whoever closes it. */
    private volatile ConnectionTrace trace;

    private Connection(Transport transport, int maxFrameSize) {
        this.transport = transport;
        this.reader = new FrameReader(transport.input(), transport.rawInput(), maxFrameSize);
        this.writer = new ConnectionWriter(transport);
    }

    /** Connects, runs the TLS handshake if configured, reads the gateway's hello and answers it. */
    public static Connection open(ConnectOptions o) throws IOException {
        SocketChannel channel = SocketChannel.open();
        String gateway = o.gateway();
        long started = System.nanoTime();
        try {
            SocketTuning.apply(channel);
            channel.socket().connect(new InetSocketAddress(o.host(), o.port()), o.connectTimeoutMillis());
            channel.socket().setSoTimeout(o.connectTimeoutMillis());
            Transport transport;
            if (o.tls() == null) {
                transport = new PlainTransport(channel);
            } else {
                SSLSocket socket = o.tls().layer(channel, o.host(), o.port());
                socket.startHandshake();
                transport = new TlsTransport(channel, socket);
            }
            Connection c = new Connection(transport, o.maxFrameSize());
            c.handshake(o);
            transport.setReadTimeout(0);
            c.trace = Telemetry.client().opened(gateway, System.nanoTime() - started);
            return c;
        } catch (SocketTimeoutException e) {
            channel.close();
            throw new SwarmnetException("gateway " + gateway + " did not answer within " + o.connectTimeoutMillis()
                    + " ms" + (o.tls() == null ? " (if it requires TLS, configure Controller.builder().tls(...))"
                            : ""), e);
        } catch (SSLException e) {
            channel.close();
            throw TlsFailures.controllerSide(e, gateway, o.host(), o.tls());
        } catch (EOFException e) {
            channel.close();
            throw new SwarmnetException("gateway " + gateway + " closed the connection during the handshake", e);
        } catch (AuthenticationException e) {
            channel.close();
            Telemetry.client().handshakeFailed(gateway, true, "authentication failed");
            throw e;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void handshake(ConnectOptions o) throws IOException {
        String gateway = o.gateway();
        Handshake.ServerHello hello = Handshake.readServerHello(reader);
        if (hello.status() != Protocol.STATUS_READY) {
            throw refusal();
        }
        if (hello.version() != Protocol.VERSION) {
            throw new SwarmnetException("gateway " + gateway + " speaks protocol version " + hello.version()
                    + "; this client speaks " + Protocol.VERSION);
        }
        HelloExtension.Challenge challenge = HelloExtension.readChallenge(hello.extension(), SharedSecret.NONCE_SIZE);
        SharedSecret secret = o.secret();
        if (challenge == null) {
            if (secret != null) {
                throw new AuthenticationException("gateway " + gateway + " does not ask for authentication, but this"
                        + " controller has a secret: a gateway that cannot prove it knows the secret is not trusted"
                        + " (give the gateway the same secret, or remove it from the controller)");
            }
            Handshake.writeClientHello(writer);
            byte[] empty = awaitAdmission(gateway);
            if (empty == null || empty.length != 0) {
                throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "expected an empty AUTH_OK to end the handshake,"
                        + " but the gateway sent " + (empty == null ? "another frame" : "a proof nobody asked for"));
            }
            return;
        }
        if (secret == null) {
            Handshake.writeClientHello(writer); // without an answer: the gateway says why, and logs it
            throw unauthenticated(gateway, "this controller has no secret; configure Controller.builder().secret(...)");
        }
        if (challenge.scheme() != HelloExtension.SCHEME_HMAC_SHA256) {
            throw new AuthenticationException("gateway " + gateway + " asks for authentication scheme "
                    + challenge.scheme() + ", which this client does not know (a newer gateway?)");
        }
        byte[] clientNonce = SharedSecret.nonce();
        Handshake.writeClientHello(writer, HelloExtension.response(clientNonce,
                secret.clientProof(challenge.nonce(), clientNonce)));
        byte[] proof = awaitAdmission(gateway);
        if (proof == null || proof.length != SharedSecret.PROOF_SIZE
                || !secret.isGatewayProof(challenge.nonce(), clientNonce, proof)) {
            throw new AuthenticationException("gateway " + gateway + " could not prove it knows the shared secret"
                    + " (a different secret, or an impostor); not using it");
        }
    }

    /**
     * The frame that ends the handshake: AUTH_OK lets this client in (its body is the gateway's proof, empty
     * without a secret); an ERROR says why not (POOL_FULL: the pool filled up during the handshake).
     *
     * @return AUTH_OK's body, or null for any other frame type
     */
    private byte[] awaitAdmission(String gateway) throws IOException {
        int type = reader.next();
        if (type == Protocol.ERROR) {
            RemoteException error = readError();
            if (error.errorCode() == ErrorCode.UNAUTHENTICATED) {
                throw new AuthenticationException("gateway " + gateway + " refused this controller: "
                        + error.remoteMessage());
            }
            throw error;
        }
        if (type == Protocol.AUTH_OK) {
            return reader.readRest();
        }
        return null;
    }

    /** The gateway's answer to a hello without authentication, as an AuthenticationException. */
    private AuthenticationException unauthenticated(String gateway, String fallback) {
        try {
            if (reader.next() == Protocol.ERROR) {
                RemoteException error = readError();
                return new AuthenticationException("gateway " + gateway + " requires a shared secret: "
                        + error.remoteMessage());
            }
        } catch (IOException e) {
            // the gateway closed without saying more
        }
        return new AuthenticationException("gateway " + gateway + " requires a shared secret: " + fallback);
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
            do {
                type = reader.next(); // a KEEPALIVE (empty) only says the gateway is still working
            } while (type == Protocol.KEEPALIVE);
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        }
        if (type == Protocol.ERROR) {
            RemoteException error = read(r -> readError());
            if (isFatal(error.errorCode())) {
                closedBy = error; // told to a later call too, if this one was a keepalive ping's
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

    /**
     * Marks the connection broken, closes it and returns {@code e} for throwing; if the connection was
     * cut from outside (a deadline or stall), returns that reason instead, with {@code e} as the cause.
     */
    public IOException fail(Exception e) {
        close();
        Cut c = cut;
        if (c != null) {
            return c.exception(e);
        }
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

    /** Cuts the connection; from any thread, also while another is blocked reading or writing it. */
    @Override
    public void close() {
        open = false;
        transport.close();
        ConnectionTrace t = trace;
        if (t != null) {
            Cut c = cut;
            t.closed(c == null ? "closed" : c.deadline() ? "call timeout" : "stalled");
        }
    }

    /** Cuts the connection for {@code reason}, which the operation using it then reports. Any thread. */
    void cut(Cut reason) {
        if (cut == null) {
            cut = reason;
            ConnectionTrace t = trace;
            if (!reason.deadline() && t != null) {
                t.stalled("stall");
            }
        }
        close();
    }

    /** Why the connection was cut from outside, or null. */
    public Cut cutReason() {
        return cut;
    }

    /** The lock every operation on this connection holds; taken and released by {@link Operation} only. */
    ReentrantLock operations() {
        return operations;
    }

    /** An operation ended now: keepalive pings wait for a whole interval of quiet after it. */
    void markUsed() {
        lastUsedNanos = System.nanoTime();
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** Whether no operation has run for {@code nanos} (an operation running now does not count as idle). */
    boolean idleFor(long now, long nanos) {
        return now - lastUsedNanos >= nanos && !operations.isLocked();
    }

    /** Whether one read or write has been blocked for {@code nanos}: the gateway sends nothing, takes nothing. */
    boolean stalledFor(long now, long nanos) {
        return reader.reading().blockedFor(now, nanos) || writer.writing().blockedFor(now, nanos);
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
                || code == ErrorCode.INTERNAL || code == ErrorCode.UNAUTHENTICATED || code == ErrorCode.IDLE_TIMEOUT;
    }

    private void ensureOpen() throws SwarmnetException {
        Cut c = cut;
        if (c != null) {
            throw c.exception(null);
        }
        RemoteException remote = closedBy;
        if (remote != null) {
            throw new RemoteException(remote.errorCode(), remote.remoteMessage());
        }
        if (!open) {
            throw new SwarmnetException("this client's connection is closed; get a new client from the controller");
        }
    }
}
