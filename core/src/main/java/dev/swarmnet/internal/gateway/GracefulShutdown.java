package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.ProgressLog;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closing a gateway gracefully. The listening socket closes first, so new connections are refused.
 * Handlers waiting for a request are told SHUTTING_DOWN and closed at once. A handler serving a request
 * (a batch or send call, a file batch, an upload, a stream) may finish it until the grace period ends;
 * it takes no other request: it is closed the same way once idle, and a request that reaches it meanwhile
 * is answered SHUTTING_DOWN. When the grace period ends, what is left is ended: a running stream or
 * subroutine call is answered SHUTTING_DOWN (a stream's subroutine is told as on a cancel) and anything
 * else is cut — a cut upload leaves only its temporary file, which its handler deletes. A grace period
 * of zero cuts everything at once.
 */
public final class GracefulShutdown {
    static final String REFUSAL = "the gateway is shutting down and takes no new requests";
    static final String IDLE_CLOSE = "the gateway is shutting down; this connection is closed";
    /** A handler that became idle (its request or stream done) is closed at most this much later. */
    private static final long RESCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    /** After the grace period: time for the SHUTTING_DOWN answers to reach their clients before the cut. */
    private static final long FAREWELL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After the cut: how long to wait for handler threads (one stuck in a subroutine is left behind). */
    private static final long EXIT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final long graceNanos;
    private volatile boolean draining;
    /** The gateway's listening socket, once it listens. */
    private volatile ServerSocketChannel listener;
    /** The thread that accepts on it. */
    private volatile Thread acceptor;

    public GracefulShutdown(Duration grace) {
        this.graceNanos = grace.toNanos();
    }

    /**
     * Whether a request of this type must be refused once the shutdown began: every new call or stream.
     * Not the goodbyes, and not file requests: a transfer pipelines its requests (the next batch of files is
     * on its way while one is served), so they belong to an operation in flight, which the grace period is
     * for; whatever is still moving when it ends is cut, and leaves no partial file.
     */
    boolean refuses(int type) {
        return draining && type != Protocol.CLOSE_HANDLER && type != Protocol.CLOSE_GATEWAY
                && !Handler.isFileRequest(type);
    }

    /** The socket the gateway listens on and the thread that accepts on it: {@link #stopAccepting} ends both. */
    public void listening(ServerSocketChannel server, Thread acceptor) {
        this.listener = server;
        this.acceptor = acceptor;
    }

    /**
     * Begins the shutdown by refusing what is new: the listening socket closes, so a connection attempt is refused
     * from now on, and requests that reach open connections are answered SHUTTING_DOWN. Before a remote close is
     * acknowledged, so that a client that heard BYE cannot connect again. Idempotent; {@link #stop} does the rest.
     */
    void stopAccepting(ProgressLog log) {
        draining = true;
        ServerSocketChannel server = listener;
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            log.logger().warn("closing the listening socket failed: {}", e.toString());
        }
        awaitAcceptorExit();
    }

    /**
     * A thread blocked in accept() holds the listening socket open in the kernel until it is scheduled again to
     * leave the call; on a loaded machine that took milliseconds, during which a client could still connect. Once
     * the acceptor thread has ended, nothing listens.
     */
    private void awaitAcceptorExit() {
        Thread t = acceptor;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(TimeUnit.NANOSECONDS.toMillis(EXIT_WAIT_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the shutdown began: a handler that takes its slot after that leaves at once. */
    boolean draining() {
        return draining;
    }

    /** The SHUTTING_DOWN message for a stream or call ({@code what}) that outlived the grace period. */
    private String graceOver(String what) {
        return "the gateway is shutting down and " + what + " did not finish within its shutdown grace period of "
                + TimeUnit.NANOSECONDS.toMillis(graceNanos) + " ms";
    }

    /**
     * Stops the gateway: no new connections, the handlers drained within the grace period, then the rest
     * ended and their threads waited for. An interrupt cuts what is left at once (and stays set).
     */
    public void stop(ServerSocketChannel server, Thread acceptor, HandlerPool pool, ProgressLog log) {
        boolean interrupted = Thread.interrupted(); // an interrupted start(true) still closes gracefully
        listening(server, acceptor);
        stopAccepting(log); // first: a connection accepted at the last moment refuses its requests too
        try {
            if (graceNanos > 0) {
                drain(pool, System.nanoTime() + graceNanos);
                endBusy(pool, log);
            }
            cut(pool, log);
        } catch (InterruptedException e) {
            interrupted = true;
            pool.snapshot().forEach(h -> h.endNow(EndReason.CUT));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Until every handler ended or the grace period is over: idle handlers are closed, busy ones awaited. */
    private static void drain(HandlerPool pool, long graceEnd) throws InterruptedException {
        while (true) {
            List<DrainableConnection> live = alive(pool);
            live.forEach(DrainableConnection::drain); // each round: handlers become idle as their requests end
            long left = graceEnd - System.nanoTime();
            if (live.isEmpty() || left <= 0) {
                return;
            }
            live.get(0).awaitEnd(Math.min(left, RESCAN_NANOS));
        }
    }

    /**
     * The grace period is over: the clients of running streams and subroutine calls are told, everything else
     * is cut; then a moment for those answers to reach their clients.
     */
    private void endBusy(HandlerPool pool, ProgressLog log) throws InterruptedException {
        List<DrainableConnection> live = alive(pool);
        if (live.isEmpty()) {
            return;
        }
        log.logger().info("{} handler(s) still busy when the shutdown grace period ended; ending them", live.size());
        EndReason reason = new EndReason(ErrorCode.SHUTTING_DOWN, IDLE_CLOSE, this::graceOver);
        live.forEach(h -> h.endNow(reason));
        awaitAll(live, System.nanoTime() + FAREWELL_NANOS);
    }

    /** Cuts every connection left, as a gateway without grace period does at once, and waits for them. */
    private static void cut(HandlerPool pool, ProgressLog log) throws InterruptedException {
        List<DrainableConnection> left = List.copyOf(pool.snapshot());
        left.forEach(h -> h.endNow(EndReason.CUT));
        List<DrainableConnection> stuck = awaitAll(left, System.nanoTime() + EXIT_WAIT_NANOS);
        for (DrainableConnection h : stuck) {
            log.logger().warn("{} did not end within {} s of the gateway's close", h,
                    TimeUnit.NANOSECONDS.toSeconds(EXIT_WAIT_NANOS));
        }
    }

    /** Waits for the handlers until {@code deadline}; returns those not over. */
    private static List<DrainableConnection> awaitAll(List<DrainableConnection> handlers, long deadline)
            throws InterruptedException {
        List<DrainableConnection> running = new ArrayList<>();
        for (DrainableConnection h : handlers) {
            if (!h.awaitEnd(Math.max(0, deadline - System.nanoTime()))) {
                running.add(h);
            }
        }
        return running;
    }

    /** The handlers not over yet, except the caller's own (a subroutine closing its gateway). */
    private static List<DrainableConnection> alive(HandlerPool pool) throws InterruptedException {
        List<DrainableConnection> live = new ArrayList<>();
        for (DrainableConnection h : pool.snapshot()) {
            if (!h.awaitEnd(0)) {
                live.add(h);
            }
        }
        return live;
    }
}
