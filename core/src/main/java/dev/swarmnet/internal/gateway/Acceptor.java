package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.Channels;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.Handshake;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.SocketTuning;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Accepts connections on one listening socket for the gateway's whole life (pynetwork re-bound the
 * socket after every accept and lost concurrent connects). Each connection gets a thread for its
 * handshake ({@link HandshakeStage}), within the gateway's {@link HandshakeBudget}; it takes a pool
 * slot only once the handshake succeeded, so connections that never authenticate cannot keep a client
 * with the secret out of the pool. A connection beyond a handshake cap is refused at once.
 *
 * <p>The acceptor thread itself never waits for a client. On a plain gateway whose pool is full, a new
 * connection is told POOL_FULL at once, before any handshake. On a TLS gateway that refusal needs the TLS
 * handshake, so it runs like any handshake: on the connection's thread, within the budget and the deadline.
 */
public final class Acceptor implements Runnable {
    /** Back-off after a failed accept (e.g. out of file descriptors), so the loop does not spin. */
    private static final long ACCEPT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** At the gateway's close: how long to wait for the handshakes it cut to end. */
    private static final long CUT_WAIT_MILLIS = 5000;

    private final ServerSocketChannel server;
    private final GatewayContext ctx;
    private final ThreadFactory handlerThreads;
    private final AtomicLong handlerIds = new AtomicLong();
    private final Handshakes handshakes;

    public Acceptor(ServerSocketChannel server, GatewayContext ctx, ThreadFactory handlerThreads) {
        this.server = server;
        this.ctx = ctx;
        this.handlerThreads = handlerThreads;
        this.handshakes = new Handshakes(HandshakeBudget.forPool(ctx.pool().maxSize()),
                new SummarisingLog(ctx.log().logger()::warn), new SummarisingLog(ctx.log()::progress));
        scheduleLogFlush();
    }

    /** Cuts the connections still in their handshake (gateway close) and waits briefly for their threads. */
    public void closeHandshakes() {
        List<HandshakeStage> cut = handshakes.budget().close();
        cut.forEach(HandshakeStage::cut);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CUT_WAIT_MILLIS);
        try {
            for (HandshakeStage h : cut) {
                h.awaitEnd(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                ctx.log().logger().warn("accept failed: {}", e.toString());
                LockSupport.parkNanos(ACCEPT_BACKOFF_NANOS);
                continue;
            }
            try {
                dispatch(channel);
            } catch (IOException e) { // this connection's trouble (e.g. reset at once), not the listening socket's
                ctx.log().progress("could not take a connection: {}", e.toString());
                closeQuietly(channel);
            }
        }
    }

    /** Summaries of failures that stopped are logged too; on the gateway's timer, which ends with the gateway. */
    private void scheduleLogFlush() {
        long period = SummarisingLog.DEFAULT_INTERVAL_NANOS;
        try {
            ctx.timer().scheduleWithFixedDelay(() -> {
                handshakes.warnings().flush();
                handshakes.refusals().flush();
            }, period, period, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the gateway is closing already
        }
    }

    private void dispatch(SocketChannel channel) throws IOException {
        SocketTuning.apply(channel);
        InetSocketAddress peer = (InetSocketAddress) channel.getRemoteAddress();
        if (peer == null) {
            closeQuietly(channel); // gone already
            return;
        }
        boolean tls = ctx.config().security().usesTls();
        if (!tls && ctx.pool().isFull()) {
            refuse(channel, peer, "refusals (pool full)", ctx.pool().refusal());
            return;
        }
        String id = Long.toString(handlerIds.incrementAndGet());
        HandshakeStage handshake = new HandshakeStage(channel, ctx, handshakes, id, peer.getAddress(),
                String.valueOf(peer), tls && ctx.pool().isFull());
        HandshakeBudget.Admission admission = handshakes.budget().tryEnter(peer.getAddress(), handshake);
        if (admission != HandshakeBudget.Admission.ADMITTED) {
            refuseHandshake(channel, peer, admission);
            return;
        }
        try {
            handlerThreads.newThread(new Handler(channel, ctx, id, handshake)).start();
        } catch (RuntimeException | OutOfMemoryError e) {
            handshakes.budget().leave(peer.getAddress(), handshake);
            closeQuietly(channel);
            ctx.log().logger().error("could not start a handler thread", e);
        }
    }

    /** Beyond a handshake cap: a plain client is told why; a TLS one is closed (telling it needs a handshake). */
    private void refuseHandshake(SocketChannel channel, InetSocketAddress peer, HandshakeBudget.Admission admission) {
        HandshakeBudget budget = handshakes.budget();
        String why = switch (admission) {
            case TOO_MANY_FROM_ADDRESS -> "too many handshakes from " + peer.getAddress().getHostAddress()
                    + " in progress (at most " + budget.perAddressCap() + " at once); try again later";
            case TOO_MANY_IN_PROGRESS -> "too many handshakes in progress (at most " + budget.globalCap()
                    + " at once); try again later";
            default -> "the gateway is shutting down";
        };
        if (ctx.config().security().usesTls()) {
            handshakes.refusals().failure(peer.getAddress(), "refusals (too many handshakes)", "{}: closing {}", why,
                    peer);
            closeQuietly(channel);
            return;
        }
        refuse(channel, peer, "refusals (too many handshakes)", why);
    }

    /** A hello with status "refused", ERROR POOL_FULL and why, then close; on the acceptor thread. */
    private void refuse(SocketChannel channel, InetSocketAddress peer, String kind, String why) {
        handshakes.refusals().failure(peer.getAddress(), kind, "refusing {}: {}", peer, why);
        try (channel) {
            ConnectionWriter writer = new ConnectionWriter(channel);
            Handshake.writeServerHello(writer, Protocol.STATUS_REFUSED);
            ErrorReply.send(writer, ErrorCode.POOL_FULL, why);
        } catch (IOException e) {
            ctx.log().progress("could not tell a refused client why: {}", e.toString());
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        Channels.closeQuietly(channel);
    }
}
