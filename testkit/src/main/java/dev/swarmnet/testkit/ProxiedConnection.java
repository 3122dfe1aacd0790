package dev.swarmnet.testkit;

import java.net.Socket;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client connection through a {@link TcpProxy} and the proxy's own connection to the target.
 * Thread-safe. It ends by itself once both directions have seen EOF and passed it on (a clean
 * close), or when cut, or when either side fails (then the failure is passed on as a reset).
 */
public final class ProxiedConnection {
    private final long id;
    private final Socket client;
    private final Socket server;
    private final Pipe upstream;
    private final Pipe downstream;
    private final Consumer<ProxiedConnection> onClosed;
    private final Runnable onHeld;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger openDirections = new AtomicInteger(2);

    ProxiedConnection(long id, Socket client, Socket server, ConnectionSettings settings,
            Consumer<ProxiedConnection> onClosed) {
        this.id = id;
        this.client = client;
        this.server = server;
        this.onClosed = onClosed;
        this.onHeld = settings.onHeld();
        this.upstream = settings.pipe(Direction.UPSTREAM, client, server, this);
        this.downstream = settings.pipe(Direction.DOWNSTREAM, server, client, this);
    }

    /** Sequence number of this connection within its proxy, starting at 1. */
    public long id() {
        return id;
    }

    /** False once the connection was cut, failed or closed cleanly. */
    public boolean isOpen() {
        return !closed.get();
    }

    /** Resets both sides now (RST, unsent bytes dropped), as if the network dropped the connection. */
    public void cut() {
        if (closed.compareAndSet(false, true)) {
            Sockets.reset(client);
            Sockets.reset(server);
            stopPipes();
        }
    }

    /**
     * Stops forwarding in both directions (true) or resumes (false). While stalled, bytes read are
     * kept queued up to the queue bound, after which TCP flow control pushes back on the senders.
     */
    public void stall(boolean stall) {
        upstream.stall(stall);
        downstream.stall(stall);
    }

    /** Flips one bit in the next byte this connection forwards in {@code direction}. */
    public void corruptNextByte(Direction direction) {
        pipe(direction).corruptNextByte();
    }

    /** Bytes written to the receiving side in {@code direction} so far. */
    public long bytesForwarded(Direction direction) {
        return pipe(direction).bytesForwarded();
    }

    @Override
    public String toString() {
        return "ProxiedConnection[" + id + (isOpen() ? ", open" : ", closed") + ", up "
                + upstream.bytesForwarded() + " B, down " + downstream.bytesForwarded() + " B]";
    }

    void start(DaemonThreads threads, String namePrefix) {
        upstream.start(threads, namePrefix + "-upstream");
        downstream.start(threads, namePrefix + "-downstream");
    }

    /** A direction forwarded exactly its hold-after limit: both directions stop until resumed or cut. */
    void holdAtLimit() {
        stall(true);
        onHeld.run();
    }

    /** A direction passed its EOF on; when both have, the connection has ended cleanly. */
    void pipeFinished() {
        if (openDirections.decrementAndGet() == 0 && closed.compareAndSet(false, true)) {
            Sockets.closeQuietly(client);
            Sockets.closeQuietly(server);
            stopPipes();
        }
    }

    /** A read or write failed (typically the peer reset): pass the failure on to the other side. */
    void pipeFailed() {
        cut();
    }

    private void stopPipes() {
        upstream.abort();
        downstream.abort();
        onClosed.accept(this);
    }

    private Pipe pipe(Direction direction) {
        Objects.requireNonNull(direction, "direction");
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }
}
