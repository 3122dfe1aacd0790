package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Handshake;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Accepts connections on one listening socket for the gateway's whole life (pynetwork re-bound the
 * socket after every accept and lost concurrent connects). A connection gets a handler thread while
 * the pool has a slot; otherwise it is told POOL_FULL at once and closed.
 */
public final class Acceptor implements Runnable {
    /** Back-off after a failed accept (e.g. out of file descriptors), so the loop does not spin. */
    private static final long ACCEPT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ServerSocketChannel server;
    private final GatewayContext ctx;
    private final ThreadFactory handlerThreads;
    private final AtomicLong handlerIds = new AtomicLong();

    public Acceptor(ServerSocketChannel server, GatewayContext ctx, ThreadFactory handlerThreads) {
        this.server = server;
        this.ctx = ctx;
        this.handlerThreads = handlerThreads;
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
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        if (!ctx.pool().tryAcquire()) {
            refuse(channel);
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
        int max = ctx.pool().maxSize();
        ctx.log().progress("pool full ({} handlers): refusing {}", max, channel.socket().getRemoteSocketAddress());
        try (channel) {
            ConnectionWriter writer = new ConnectionWriter(channel);
            Handshake.writeServerHello(writer, Protocol.STATUS_REFUSED);
            writer.write(sink -> Frames.error(sink, ErrorCode.POOL_FULL, "the gateway's handler pool is full ("
                    + max + " of " + max + " handlers busy); close a client or raise maxPoolSize"));
        } catch (IOException e) {
            ctx.log().progress("could not tell a refused client why: {}", e.toString());
        }
    }
}
