package dev.swarmnet.internal.gateway;

import dev.swarmnet.SwarmnetException;
import dev.swarmnet.internal.ProgressLog;
import dev.swarmnet.internal.Threads;
import dev.swarmnet.internal.files.Shares;
import dev.swarmnet.internal.files.StaleTemporaries;
import dev.swarmnet.internal.telemetry.Listeners;
import dev.swarmnet.internal.telemetry.PoolView;
import dev.swarmnet.internal.telemetry.Telemetry;
import dev.swarmnet.internal.transfer.ChecksumCache;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * A gateway from its start to its close: binds the port, runs the acceptor, the timer and the helper threads,
 * and stops them all gracefully. It starts at most once; a close before the start only marks it closed.
 */
public final class GatewayServer {
    private enum State { NEW, RUNNING, CLOSED }

    private final GatewayConfig config;
    private final SubroutineRegistry registry;
    private final HandlerPool pool;
    private final GracefulShutdown shutdown;
    private final ProgressLog log;
    private final Telemetry telemetry;
    private final boolean virtualThreads;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch closed = new CountDownLatch(1);
    private ServerSocketChannel server;
    private Thread acceptorThread;
    private Threads.HelperExecutor helpers;
    private Acceptor acceptor;
    private ScheduledThreadPoolExecutor timer;
    /** The pool as gauges read it; named by the address the gateway listens on. */
    private final PoolView poolView = new PoolView() {
        @Override
        public String name() {
            ServerSocketChannel s = server;
            return s == null ? "?" : String.valueOf(s.socket().getLocalSocketAddress());
        }

        @Override
        public int inUse() {
            return pool.inUse();
        }

        @Override
        public int size() {
            return config.limits().maxPoolSize();
        }
    };

    /**
     * @param registry the subroutines, which the gateway's owner changes while it runs
     * @throws IllegalStateException if the configuration asks for virtual threads this JDK does not have: at
     *     build time rather than at the start
     */
    public GatewayServer(GatewayConfig config, SubroutineRegistry registry, Logger logger) {
        this.config = config;
        this.registry = registry;
        this.pool = new HandlerPool(config.limits().maxPoolSize());
        this.shutdown = new GracefulShutdown(config.shutdown().gracePeriod());
        this.log = new ProgressLog(logger, config.verbose());
        this.telemetry = Telemetry.forGateway(logger, config.verbose());
        this.virtualThreads = Threads.useVirtual(config.threadMode(), config.limits().maxPoolSize());
    }

    /**
     * Binds the port and starts accepting.
     *
     * @throws IllegalStateException if it was started or closed before
     * @throws IOException if the shares or the download folder cannot be read, or the port cannot be bound:
     *     the gateway is closed then
     */
    public void start() throws IOException {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("a gateway starts once; this one is " + state.get());
        }
        Shares shares;
        StaleTemporaries.Sweep leftovers;
        try {
            shares = new Shares(config.files().shares());
            leftovers = DownloadDirAtStart.sweepLeftovers(config.files(), log);
            server = bind();
        } catch (IOException e) {
            state.set(State.CLOSED);
            closed.countDown();
            throw e;
        }
        DownloadDirAtStart.warnIfUploadsCannotLand(config.files(), log);
        helpers = Threads.helperExecutor("swarmnet-stream", virtualThreads);
        timer = new ScheduledThreadPoolExecutor(1, Threads.factory("swarmnet-timer-" + port(), false));
        timer.setRemoveOnCancelPolicy(true);
        GatewayContext ctx = new GatewayContext(config, registry, shares, pool, helpers, log, this::closeAsync, timer,
                DownloadDirAtStart.stripedUploads(config.files(), leftovers, timer), shutdown,
                new ListedFiles(config.limits().maxFilesPerQuery()), new ChecksumCache(ChecksumCache.DEFAULT_RANGES),
                telemetry);
        LivenessTimer.start(timer, pool, config.liveness().idleTimeoutMillis(),
                config.liveness().keepaliveIntervalMillis());
        acceptor = new Acceptor(server, ctx, Threads.factory("swarmnet-handler", virtualThreads));
        acceptorThread = Threads.factory("swarmnet-acceptor-" + port(), false).newThread(acceptor);
        shutdown.listening(server, acceptorThread);
        acceptorThread.start();
        Listeners.poolOpened(poolView);
        log.progress("gateway listening on {} (pool {}, {} threads, {}{})", server.getLocalAddress(),
                config.limits().maxPoolSize(), virtualThreads ? "virtual" : "platform",
                config.security().usesTls() ? "TLS" : "plain TCP",
                config.security().requiresSecret() ? ", shared secret required" : "");
    }

    private ServerSocketChannel bind() throws IOException {
        GatewayConfig.Listening listening = config.listening();
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(listening.bindAddress(), listening.port()), listening.backlog());
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new SwarmnetException("cannot listen on "
                    + (listening.bindAddress() == null ? "*" : listening.bindAddress()) + ":" + listening.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Blocks until the gateway is closed; an interrupt closes it. */
    public void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    /** The bound port. */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("the gateway is not started; call start(false) first");
        }
        return server.socket().getLocalPort();
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /** Handlers alive now (slots taken in the pool). */
    public int activeHandlers() {
        return pool.inUse();
    }

    public boolean usesVirtualThreads() {
        return virtualThreads;
    }

    /**
     * Stops accepting, lets the requests in flight finish within the grace period, ends the rest and frees the
     * port; see {@link GracefulShutdown}. Idempotent and thread-safe: a second or concurrent call waits for the
     * first.
     */
    public void close() {
        State before = state.getAndSet(State.CLOSED);
        if (before == State.CLOSED) {
            awaitClose();
            return;
        }
        if (before == State.RUNNING) {
            Listeners.poolClosed(poolView);
            shutdown.stop(server, acceptorThread, pool, log);
            acceptor.closeHandshakes();
            timer.shutdownNow();
            helpers.close();
            log.progress("gateway on port {} closed", server.socket().getLocalPort());
        }
        closed.countDown();
    }

    /**
     * A client's closeGateway(): on a thread of its own, because the close waits for every handler, the asking
     * one among them.
     */
    private void closeAsync() {
        Threads.factory("swarmnet-gateway-close", false).newThread(this::close).start();
    }
}
