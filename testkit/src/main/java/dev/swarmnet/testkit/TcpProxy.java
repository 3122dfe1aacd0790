package dev.swarmnet.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP proxy on loopback for tests and benchmarks, in the spirit of Toxiproxy: clients connect to
 * {@link #port()} and are forwarded to the target, through an emulated link with optional latency and
 * bandwidth cap, and with faults injectable at any moment (cut, cut after n bytes, stall, corrupt).
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.builder().target("127.0.0.1", serverPort)
 *         .latency(Duration.ofMillis(10)).bandwidth(20_000_000).build()) {
 *     connectTo(proxy.port());
 *     proxy.cutAll();
 * }
 * }</pre>
 *
 * <p>Blocking sockets with TCP_NODELAY, and platform daemon threads named {@code tcpproxy-<port>-...}:
 * one acceptor, plus a reader and a writer per direction per connection. A half-close (EOF) is passed
 * on after the bytes before it; the connection closes once both directions have ended. Thread-safe.
 * {@link #close()} stops accepting, cuts every connection and waits (bounded) for all its threads.
 */
public final class TcpProxy implements AutoCloseable {
    /** Bandwidth meaning "no cap". */
    public static final long UNLIMITED = Shaping.UNLIMITED;

    /** How long close() waits for the proxy's threads; they only block on sockets it has closed. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** Back-off after a failed accept (e.g. out of file descriptors), so the acceptor does not spin. */
    private static final long ACCEPT_RETRY_NANOS = 10_000_000;

    private final InetSocketAddress target;
    private final Shaping shaping;
    private final int connectTimeoutMillis;
    private final ServerSocket listener;
    private final String threadPrefix;
    private final DaemonThreads threads = new DaemonThreads();
    private final List<ProxiedConnection> connections = new CopyOnWriteArrayList<>();
    private final Map<Direction, LongAdder> totals = new EnumMap<>(Direction.class);
    private final Object lock = new Object();
    // Guarded by lock: the settings new connections inherit, and whether the proxy is closed.
    private final Map<Direction, Long> cutAfterBytes = new EnumMap<>(Direction.class);
    private final Map<Direction, Long> holdAfterBytes = new EnumMap<>(Direction.class);
    /** Connections that stopped at their hold-after limit, not yet taken by {@link #awaitHeld}. */
    private final Semaphore held = new Semaphore(0);
    private boolean stallNewConnections;
    private boolean closed;
    private long lastConnectionId;

    TcpProxy(InetSocketAddress target, Shaping shaping, Duration connectTimeout) throws IOException {
        this.target = target;
        this.shaping = shaping;
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
        for (Direction direction : Direction.values()) {
            totals.put(direction, new LongAdder());
            cutAfterBytes.put(direction, Pipe.NO_LIMIT);
            holdAfterBytes.put(direction, Pipe.NO_LIMIT);
        }
        this.listener = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        this.threadPrefix = "tcpproxy-" + listener.getLocalPort();
        threads.start(threadPrefix + "-accept", this::acceptLoop);
    }

    /** A builder; {@link TcpProxyBuilder#target target} is required. */
    public static TcpProxyBuilder builder() {
        return new TcpProxyBuilder();
    }

    /** The port the proxy listens on, on 127.0.0.1. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Where connections are forwarded to. */
    public InetSocketAddress target() {
        return target;
    }

    /** The connections currently open through the proxy, oldest first. */
    public List<ProxiedConnection> connections() {
        return List.copyOf(connections);
    }

    /** Resets every open connection now, both sides (see {@link ProxiedConnection#cut()}). */
    public void cutAll() {
        for (ProxiedConnection connection : connections) {
            connection.cut();
        }
    }

    /**
     * Makes each connection accepted from now on forward exactly {@code bytes} bytes in
     * {@code direction} and then die: the receiving side gets those bytes followed by EOF or a reset,
     * the sending side a reset. {@code bytes <= 0} turns this off. Open connections keep the limit
     * they started with.
     */
    public void cutAfterBytes(Direction direction, long bytes) {
        Objects.requireNonNull(direction, "direction");
        synchronized (lock) {
            cutAfterBytes.put(direction, bytes > 0 ? bytes : Pipe.NO_LIMIT);
        }
    }

    /**
     * Makes each connection accepted from now on forward exactly {@code bytes} bytes in {@code direction}
     * and then stall in both directions, holding both ends open, until {@link #stallAll stallAll(false)}
     * or a cut: a fault can then be injected at a known byte of the stream (say, a process killed in the
     * middle of a file body). {@link #awaitHeld} waits for it. {@code bytes <= 0} turns this off. Open
     * connections keep the limit they started with.
     */
    public void holdAfterBytes(Direction direction, long bytes) {
        Objects.requireNonNull(direction, "direction");
        synchronized (lock) {
            holdAfterBytes.put(direction, bytes > 0 ? bytes : Pipe.NO_LIMIT);
        }
    }

    /** Waits until a connection has stopped at its hold-after limit; false if none did within the timeout. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return held.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stalls (true) or resumes (false) every open connection and every connection accepted later;
     * see {@link ProxiedConnection#stall(boolean)}.
     */
    public void stallAll(boolean stall) {
        synchronized (lock) {
            stallNewConnections = stall;
            for (ProxiedConnection connection : connections) {
                connection.stall(stall);
            }
        }
    }

    /** Flips one bit in the next byte forwarded in {@code direction} on each open connection. */
    public void corruptNextByte(Direction direction) {
        Objects.requireNonNull(direction, "direction");
        for (ProxiedConnection connection : connections) {
            connection.corruptNextByte(direction);
        }
    }

    /** Bytes forwarded in {@code direction} over all connections, past and present. */
    public long bytesForwarded(Direction direction) {
        Objects.requireNonNull(direction, "direction");
        return totals.get(direction).sum();
    }

    /** The one-way latency added in each direction. */
    public Duration latency() {
        return Duration.ofNanos(shaping.latencyNanos());
    }

    /** Changes the latency for bytes read from now on, on all connections (0 to one hour). */
    public void setLatency(Duration latency) {
        shaping.setLatency(latency);
    }

    /** The per-connection, per-direction cap in bytes/s, or {@link #UNLIMITED}. */
    public long bandwidth() {
        return shaping.bandwidth();
    }

    /** Changes the per-connection, per-direction cap at once, on all connections. */
    public void setBandwidth(long bytesPerSecond) {
        shaping.setBandwidth(bytesPerSecond);
    }

    /** Stops accepting, cuts every connection and waits up to 5 s for the proxy's threads to end. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        Sockets.closeQuietly(listener);
        cutAll();
        threads.joinAll(CLOSE_TIMEOUT);
    }

    @Override
    public String toString() {
        return "TcpProxy[127.0.0.1:" + port() + " -> " + target + ", latency " + latency() + ", bandwidth "
                + (bandwidth() == UNLIMITED ? "unlimited" : bandwidth() + " B/s") + "]";
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                openConnection(listener.accept());
            } catch (IOException e) {
                // Closing the listener is how close() ends this loop; anything else is retried.
                Waiting.until(System.nanoTime() + ACCEPT_RETRY_NANOS, listener::isClosed);
            }
        }
    }

    private void openConnection(Socket client) {
        Socket server = new Socket();
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(target, connectTimeoutMillis);
        } catch (IOException e) {
            // The target is unreachable: reset the client, as a refused connection would look to it.
            Sockets.reset(client);
            Sockets.closeQuietly(server);
            return;
        }
        register(client, server);
    }

    /**
     * Under the lock, so that a concurrent close() either sees the connection (and cuts it and joins
     * its threads) or the connection sees the proxy closed; and so that it inherits a consistent
     * snapshot of the new-connection settings.
     */
    private void register(Socket client, Socket server) {
        synchronized (lock) {
            long id = ++lastConnectionId;
            ConnectionSettings settings = new ConnectionSettings(shaping, stallNewConnections, cutAfterBytes,
                    holdAfterBytes, totals, held::release);
            ProxiedConnection connection = new ProxiedConnection(id, client, server, settings, connections::remove);
            if (closed) {
                connection.cut();
                return;
            }
            connections.add(connection);
            connection.start(threads, threadPrefix + "-c" + id);
        }
    }
}
