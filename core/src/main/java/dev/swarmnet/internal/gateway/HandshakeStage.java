package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.auth.SharedSecret;
import dev.swarmnet.internal.tls.ServerTls;
import dev.swarmnet.internal.tls.TlsFailures;
import dev.swarmnet.internal.tls.TlsTransport;
import dev.swarmnet.internal.wire.Channels;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Handshake;
import dev.swarmnet.internal.wire.HelloExtension;
import dev.swarmnet.internal.wire.PlainTransport;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.wire.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/**
 * The handshake of one connection, on its handler's thread (never the acceptor's): the TLS handshake
 * if the gateway uses TLS, the hellos, and the shared-secret challenge if it has a secret. It holds no
 * pool slot: the handler takes one only once this succeeded, and then lets the client in with
 * {@link #admit()} or turns it away with {@link #refuse}. While it runs it counts against the
 * gateway's {@link HandshakeBudget}.
 *
 * <p>The whole handshake has one deadline, the handshake timeout, kept by the gateway's one timer
 * thread: it closes the socket, so a client that trickles bytes (into the TLS handshake too) cannot
 * hold the thread any longer than a silent one.
 *
 * <p>Threads: the handler's thread runs it and owns {@code transport}, {@code reader}, {@code writer} and
 * {@code gatewayProof}. The timer thread's deadline and the handler's thread race on {@code phase} (a CAS
 * decides whether the handshake completed or expired); {@code deadline} is volatile for the cancel;
 * the acceptor's close cuts the channel and waits on {@code ended}.
 */
final class HandshakeStage {
    private static final int HANDSHAKING = 0;
    private static final int READY = 1;
    private static final int EXPIRED = 2;

    private final SocketChannel channel;
    private static final String AUTHENTICATION_FAILURES = "authentication failures";

    private final GatewayContext ctx;
    private final Handshakes handshakes;
    private final String id;
    private final InetAddress address;
    private final String remote;
    private final boolean refuseAfterTls;
    private final AtomicInteger phase = new AtomicInteger(HANDSHAKING);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile ScheduledFuture<?> deadline;
    private Transport transport;
    private FrameReader reader;
    private ConnectionWriter writer;
    private byte[] gatewayProof;

    /**
     * @param refuseAfterTls the pool was full when the connection came to a TLS gateway: refuse it
     *     (POOL_FULL) as soon as the TLS handshake makes that possible
     */
    HandshakeStage(SocketChannel channel, GatewayContext ctx, Handshakes handshakes, String id, InetAddress address,
            String remote, boolean refuseAfterTls) {
        this.channel = channel;
        this.ctx = ctx;
        this.handshakes = handshakes;
        this.id = id;
        this.address = address;
        this.remote = remote;
        this.refuseAfterTls = refuseAfterTls;
    }

    /**
     * Runs the handshake and leaves the budget.
     *
     * @return true when the client is in (its hello and proof checked, the deadline cancelled): the caller
     *     then calls {@link #admit()} or {@link #refuse}; false when the connection is to end (told and logged)
     */
    boolean run() {
        boolean in = false;
        try {
            in = open() && hellos();
            return in;
        } catch (ProtocolViolation v) {
            if (!expired()) {
                warn("handshake failures", "handler {}: {} from {}; closing", id, v.getMessage(), remote);
                Farewell.errorThenDrain(transport, writer, v.code(), v.getMessage());
            }
            return false;
        } catch (SocketTimeoutException e) {
            timedOut(); // one read blocked for the whole timeout: the deadline's job, but it may be a moment late
            return false;
        } catch (EOFException e) {
            if (!expired()) {
                ctx.log().progress("handler {}: {} left during the handshake", id, remote);
            }
            return false;
        } catch (IOException e) {
            if (!expired()) {
                ctx.log().progress("handler {}: connection ended during the handshake: {}", id, e.toString());
            }
            return false;
        } finally {
            if (!in) {
                cancelDeadline();
            }
            handshakes.budget().leave(address, this);
            ended.countDown();
        }
    }

    /** Lets the client in: AUTH_OK, with the gateway's proof when it has a secret, empty otherwise. */
    void admit() throws IOException {
        byte[] proof = gatewayProof == null ? new byte[0] : gatewayProof;
        writer.write(sink -> Frames.bytes(sink, Protocol.AUTH_OK, proof));
    }

    /** Instead of AUTH_OK: {@code code} (POOL_FULL, SHUTTING_DOWN) and why, then the connection ends. */
    void refuse(ErrorCode code, String message) {
        handshakes.refusals().failure(address, "refusals after the handshake", "handler {}: refusing {} after its"
                + " handshake: {}", id, remote, message);
        ctx.telemetry().handshakeFailed(remote, false, code.name());
        Farewell.errorThenDrain(transport, writer, code, message);
    }

    /** Cuts the connection (gateway close); the handshake's blocked read fails and it ends. */
    void cut() {
        Channels.closeQuietly(channel);
    }

    /** Waits until {@link #run()} has returned. */
    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    String remote() {
        return remote;
    }

    Transport transport() {
        return transport;
    }

    FrameReader reader() {
        return reader;
    }

    ConnectionWriter writer() {
        return writer;
    }

    /**
     * Sets up the transport: plain, or TLS after its handshake. A TLS gateway first waits for the
     * client's first byte: a plain swarmnet client sends nothing (it waits for the gateway's hello), so
     * silence is answered in plain swarmnet with "this gateway needs TLS". That wait is bounded by the
     * handshake timeout as a read timeout; the deadline then gets what is left of it, so that the two
     * together never exceed it.
     *
     * @return false when the connection is to end (already logged)
     */
    private boolean open() throws IOException {
        ServerTls tls = ctx.config().security().tls();
        int timeout = ctx.config().liveness().handshakeTimeoutMillis();
        if (tls == null) {
            armDeadline(timeout);
            transport = new PlainTransport(channel);
        } else if (!openTls(tls, timeout)) {
            return false;
        }
        reader = new FrameReader(transport.input(), transport.rawInput(), ctx.config().limits().maxFrameSize());
        writer = new ConnectionWriter(transport);
        if (refuseAfterTls) {
            refusePoolFull();
            return false;
        }
        return true;
    }

    private boolean openTls(ServerTls tls, int timeout) throws IOException {
        long start = System.nanoTime();
        int first = TlsGate.firstByte(channel, timeout);
        if (first == TlsGate.SILENT) {
            warn("connections silent on TLS", "handler {}: {} sent nothing within {} ms (a client without TLS?);"
                    + " told it this gateway requires TLS, closing", id, remote, timeout);
            TlsGate.refuseInCleartext(channel);
            return false;
        }
        if (first < 0) {
            ctx.log().progress("handler {}: {} left before the TLS handshake", id, remote);
            return false;
        }
        if (!TlsGate.isTls(first)) {
            warn("connections without TLS", "handler {}: {} does not speak TLS (first byte 0x{}); closing", id, remote,
                    Integer.toHexString(first));
            return false;
        }
        armDeadline(timeout - (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        SSLSocket socket = tls.layer(channel, TlsGate.consumed(first));
        transport = new TlsTransport(channel, socket);
        try {
            socket.startHandshake();
        } catch (SocketTimeoutException e) {
            timedOut();
            return false;
        } catch (IOException e) {
            if (expired()) {
                return false; // reported as a handshake timeout
            }
            warn("TLS handshake failures", "handler {}: TLS handshake with {} failed: {}", id, remote,
                    TlsFailures.gatewaySide(e));
            return false;
        }
        return true;
    }

    /** The pool was full when this TLS connection came: say so inside TLS, as a plain gateway says it at once. */
    private void refusePoolFull() {
        handshakes.refusals().failure(address, "refusals (pool full)", "pool full ({} handlers): refusing {}",
                ctx.pool().maxSize(), remote);
        try {
            Handshake.writeServerHello(writer, Protocol.STATUS_REFUSED);
            ErrorReply.send(writer, ErrorCode.POOL_FULL, ctx.pool().refusal());
            transport.shutdownOutput();
        } catch (IOException e) {
            ctx.log().progress("could not tell a refused TLS client why: {}", e.toString());
        }
    }

    /**
     * The hellos, and the shared-secret challenge when the gateway has a secret: the client must prove
     * it knows the secret before any request is read. The gateway's own proof is kept for {@link #admit()}.
     */
    private boolean hellos() throws IOException {
        SharedSecret secret = ctx.config().security().secret();
        byte[] nonce = secret == null ? null : SharedSecret.nonce();
        Handshake.writeServerHello(writer, Protocol.STATUS_READY,
                nonce == null ? HelloExtension.NONE : HelloExtension.challenge(nonce));
        transport.setReadTimeout(ctx.config().liveness().handshakeTimeoutMillis());
        Handshake.ClientHello hello = Handshake.readClientHello(reader);
        if (hello.version() != Protocol.VERSION) {
            throw new ProtocolViolation(ErrorCode.UNSUPPORTED_VERSION, "client speaks protocol version "
                    + hello.version() + "; this gateway speaks " + Protocol.VERSION);
        }
        if (secret != null) {
            byte[] clientNonce = authenticate(secret, nonce, hello);
            if (clientNonce == null) {
                return false;
            }
            gatewayProof = secret.gatewayProof(nonce, clientNonce);
        }
        if (!phase.compareAndSet(HANDSHAKING, READY)) {
            expired(); // the deadline struck just now
            return false;
        }
        cancelDeadline();
        transport.setReadTimeout(0); // untimed reads from here on: a timed read costs four fcntl calls per request
        return true;
    }

    /** The client's nonce if its answer proves it knows the secret; otherwise null, after ERROR UNAUTHENTICATED. */
    private byte[] authenticate(SharedSecret secret, byte[] nonce, Handshake.ClientHello hello) throws IOException {
        HelloExtension.Response response = HelloExtension.readResponse(hello.extension(), SharedSecret.NONCE_SIZE,
                SharedSecret.PROOF_SIZE);
        String problem;
        String message;
        if (response == null) {
            problem = "sent no authentication (a controller without the secret?)";
            message = "this gateway requires a shared secret; configure the controller with"
                    + " Controller.builder().secret(...)";
        } else if (response.scheme() != HelloExtension.SCHEME_HMAC_SHA256) {
            problem = "answered with unknown authentication scheme " + response.scheme();
            message = "authentication failed: unknown scheme " + response.scheme();
        } else if (!secret.isClientProof(nonce, response.nonce(), response.proof())) {
            problem = "failed authentication (wrong secret)";
            message = "authentication failed: the controller's secret is not this gateway's";
        } else {
            return response.nonce();
        }
        warn(AUTHENTICATION_FAILURES, "handler {}: {} {}; closing", id, remote, problem);
        Farewell.errorThenDrain(transport, writer, ErrorCode.UNAUTHENTICATED, message);
        return null;
    }

    /** Closes the connection when the handshake outlives its timeout, from the gateway's timer thread. */
    private void armDeadline(int millis) {
        try {
            deadline = ctx.timer().schedule(this::expire, Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            cut(); // the gateway is closing
        }
    }

    private void expire() {
        if (phase.compareAndSet(HANDSHAKING, EXPIRED)) {
            cut();
        }
    }

    private void cancelDeadline() {
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
    }

    /** Whether the deadline ended the handshake; if so, says so in the log (summarised). */
    private boolean expired() {
        if (phase.get() != EXPIRED) {
            return false;
        }
        timedOut();
        return true;
    }

    private void timedOut() {
        warn("handshake timeouts", "handler {}: {} did not complete the handshake within {} ms; closing", id, remote,
                ctx.config().liveness().handshakeTimeoutMillis());
    }

    /** A failed handshake: logged (summarised per address) and reported. */
    private void warn(String kind, String format, Object... args) {
        handshakes.warnings().failure(address, kind, format, args);
        ctx.telemetry().handshakeFailed(remote, AUTHENTICATION_FAILURES.equals(kind), kind);
    }
}
