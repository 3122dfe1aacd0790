package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.tls.ServerTls;
import dev.swarmnet.internal.tls.TlsTransport;
import dev.swarmnet.internal.wire.Channels;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Handshake;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.SocketTuning;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocket;

/**
 * Accepts connections on one listening socket for the gateway's whole life (pynetwork re-bound the
 * socket after every accept and lost concurrent connects). A connection gets a handler thread while
 * the pool has a slot; otherwise it is told POOL_FULL at once and closed.
 *
 * <p>The acceptor thread itself never waits for a client. On a TLS gateway the refusal needs a TLS
 * handshake, so it runs on a short-lived thread of its own — at most {@link #MAX_TLS_REFUSALS} at a
 * time, each under the handshake timeout; beyond that a refused connection is simply closed.
 */
public final class Acceptor implements Runnable {
    /** Back-off after a failed accept (e.g. out of file descriptors), so the loop does not spin. */
    private static final long ACCEPT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final int MAX_TLS_REFUSALS = 4;

    private final ServerSocketChannel server;
    private final GatewayContext ctx;
    private final ThreadFactory handlerThreads;
    private final AtomicLong handlerIds = new AtomicLong();
    private final Semaphore tlsRefusals = new Semaphore(MAX_TLS_REFUSALS);
    private final Set<SocketChannel> refusing = ConcurrentHashMap.newKeySet();

    public Acceptor(ServerSocketChannel server, GatewayContext ctx, ThreadFactory handlerThreads) {
        this.server = server;
        this.ctx = ctx;
        this.handlerThreads = handlerThreads;
    }

    /** Cuts the connections still being refused over TLS (gateway close). */
    public void closeRefusals() {
        for (SocketChannel c : List.copyOf(refusing)) {
            closeQuietly(c);
        }
    }

    @Override
    public void run() {
        while (server.isOpen()) {
            try {
                dispatch(server.accept());
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                ctx.log().logger().warn("accept failed: {}", e.toString());
                LockSupport.parkNanos(ACCEPT_BACKOFF_NANOS);
            }
        }
    }

    private void dispatch(SocketChannel channel) throws IOException {
        SocketTuning.apply(channel);
        if (!ctx.pool().tryAcquire()) {
            if (ctx.policy().tls() == null) {
                refuse(channel);
            } else {
                refuseOverTls(channel);
            }
            return;
        }
        Handler handler = new Handler(channel, ctx, Long.toString(handlerIds.incrementAndGet()));
        ctx.pool().register(handler);
        try {
            handlerThreads.newThread(handler).start();
        } catch (RuntimeException | OutOfMemoryError e) {
            ctx.pool().release(handler);
            channel.close();
            ctx.log().logger().error("could not start a handler thread", e);
        }
    }

    private void refuse(SocketChannel channel) {
        ctx.log().progress("pool full ({} handlers): refusing {}", ctx.pool().maxSize(),
                channel.socket().getRemoteSocketAddress());
        try (channel) {
            tellPoolFull(new ConnectionWriter(channel));
        } catch (IOException e) {
            ctx.log().progress("could not tell a refused client why: {}", e.toString());
        }
    }

    private void tellPoolFull(ConnectionWriter writer) throws IOException {
        int max = ctx.pool().maxSize();
        Handshake.writeServerHello(writer, Protocol.STATUS_REFUSED);
        writer.write(sink -> Frames.error(sink, ErrorCode.POOL_FULL, "the gateway's handler pool is full ("
                + max + " of " + max + " handlers busy); close a client or raise maxPoolSize"));
    }

    private void refuseOverTls(SocketChannel channel) {
        if (!tlsRefusals.tryAcquire()) {
            ctx.log().progress("pool full and {} TLS refusals under way: closing {}", MAX_TLS_REFUSALS,
                    channel.socket().getRemoteSocketAddress());
            closeQuietly(channel);
            return;
        }
        refusing.add(channel);
        try {
            Thread t = handlerThreads.newThread(() -> {
                try {
                    refuseTls(channel);
                } finally {
                    refusing.remove(channel);
                    closeQuietly(channel);
                    tlsRefusals.release();
                }
            });
            t.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            refusing.remove(channel);
            closeQuietly(channel);
            tlsRefusals.release();
        }
    }

    /** On its own thread: the TLS handshake (under the handshake timeout), then the refusal inside TLS. */
    private void refuseTls(SocketChannel channel) {
        ServerTls tls = ctx.policy().tls();
        try {
            int first = TlsGate.firstByte(channel, ctx.handshakeTimeoutMillis());
            if (first == TlsGate.SILENT) {
                TlsGate.refuseInCleartext(channel);
                return;
            }
            if (!TlsGate.isTls(first)) {
                return;
            }
            SSLSocket socket = tls.layer(channel, TlsGate.consumed(first));
            socket.startHandshake();
            TlsTransport transport = new TlsTransport(channel, socket);
            ctx.log().progress("pool full ({} handlers): refusing {}", ctx.pool().maxSize(),
                    channel.socket().getRemoteSocketAddress());
            tellPoolFull(new ConnectionWriter(transport));
            transport.shutdownOutput();
        } catch (IOException e) {
            ctx.log().progress("could not tell a refused TLS client why: {}", e.toString());
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        Channels.closeQuietly(channel);
    }
}
