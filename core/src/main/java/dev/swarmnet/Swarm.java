package dev.swarmnet;

import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.client.SwarmStream;
import dev.swarmnet.internal.transfer.Lane;
import dev.swarmnet.internal.transfer.Transfers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * N Handler&lt;-&gt;Client pairs working on one job: small files are dealt out on demand (a fast
 * connection takes more), large files are split into stripes written in place, and the work of a
 * connection that dies goes to the others (a replacement connection is tried). A swarm may span
 * several gateways holding the same files, like a multi-source download ({@link #across}).
 *
 * <pre>{@code
 * try (Swarm swarm = controller.swarm(8)) {
 *     TransferReport r = swarm.getFilesFromGateway(FileQuery.folder("logs").regex(".+\\.log"));
 * }
 * }</pre>
 */
public final class Swarm implements AutoCloseable {
    /** Files larger than this are striped across the connections (default 8 MiB). */
    public static final long DEFAULT_STRIPE_SIZE = 8L * 1024 * 1024;
    /** How long a transfer's connection keeps trying to reconnect after losing its link (default 15 s). */
    public static final Duration DEFAULT_RECONNECT_WINDOW = Duration.ofSeconds(15);

    private final List<SwarmMember> members;
    private volatile long stripeSize = DEFAULT_STRIPE_SIZE;
    private volatile Duration reconnectWindow = DEFAULT_RECONNECT_WINDOW;

    private Swarm(List<SwarmMember> members) {
        this.members = members;
    }

    static Swarm open(List<Controller> controllers, int perController, boolean acceptFewer) throws IOException {
        if (perController < 1) {
            throw new IllegalArgumentException("a swarm needs at least one connection, got " + perController);
        }
        List<SwarmMember> members = new ArrayList<>();
        try {
            for (Controller controller : controllers) {
                for (int i = 0; i < perController; i++) {
                    members.add(new SwarmMember(controller, controller.getClient()));
                }
            }
        } catch (PoolFullException e) {
            if (!acceptFewer || members.isEmpty()) {
                closeAll(members);
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            closeAll(members);
            throw e;
        }
        return new Swarm(members);
    }

    /**
     * A swarm over several gateways that hold the same files: {@code perGateway} pairs to each.
     * Downloads list the files on the first gateway and fetch ranges from all of them.
     */
    public static Swarm across(List<Controller> controllers, int perGateway) throws IOException {
        Objects.requireNonNull(controllers, "controllers");
        if (controllers.isEmpty()) {
            throw new IllegalArgumentException("name at least one controller");
        }
        return open(List.copyOf(controllers), perGateway, false);
    }

    /** How many pairs the swarm has. */
    public int size() {
        return members.size();
    }

    /** Files larger than {@code bytes} are split into stripes of that size across the connections. */
    public Swarm stripeSize(long bytes) {
        if (bytes < 64 * 1024) {
            throw new IllegalArgumentException("stripe size must be at least 64 KiB, got " + bytes);
        }
        this.stripeSize = bytes;
        return this;
    }

    /**
     * How long a connection that dies during a transfer keeps trying to reconnect (with growing pauses up to a
     * second) before its work is left to the others: a dropped link or a gateway process that restarts within
     * the window does not fail the transfer, files already complete are not sent again and a striped file
     * keeps its verified stripes. {@link Duration#ZERO} makes one attempt. Default
     * {@link #DEFAULT_RECONNECT_WINDOW}.
     */
    public Swarm reconnectWindow(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("the reconnect window must not be negative, got " + window);
        }
        this.reconnectWindow = window;
        return this;
    }

    /** Downloads the files {@code query} selects, spread over the swarm; see {@link Client#getFilesFromGateway}. */
    public TransferReport getFilesFromGateway(FileQuery query, TransferListener listener) throws IOException {
        SwarmMember first = members.get(0);
        return Transfers.download(first.client().connection(), first.controller.downloadDir(), query, stripeSize,
                listener, lanes());
    }

    public TransferReport getFilesFromGateway(FileQuery query) throws IOException {
        return getFilesFromGateway(query, TransferListener.NONE);
    }

    /**
     * Uploads {@code files} into {@code <download dir>/<dirname>}, dealt out over the swarm's
     * connections. Files larger than the {@link #stripeSize(long) stripe size} are split into ranges
     * that several connections send at once, when all of them lead to one gateway; on a swarm across
     * gateways each file is sent whole and lands on one of them.
     */
    public TransferReport sendFilesToGateway(String dirname, List<Path> files, TransferListener listener)
            throws IOException {
        return Transfers.upload(dirname, files, oneGateway() ? stripeSize : 0, listener).run(lanes());
    }

    public TransferReport sendFilesToGateway(String dirname, List<Path> files) throws IOException {
        return sendFilesToGateway(dirname, files, TransferListener.NONE);
    }

    /**
     * Runs the stream subroutine {@code name} on every handler of the swarm at once. Each handler's
     * call gets two extra keyword arguments, {@code swarm_index} (0..size-1) and {@code swarm_size},
     * so the subroutine can produce its share of the work. The callback is called from several threads
     * at once: make it thread-safe, or wrap it in {@link InIdentOrder} to receive one sequence of
     * idents in order. A callback returning false (or throwing) aborts every stream of the swarm.
     *
     * @param onEnd runs once, when every stream ended normally; may be null
     * @return true if every stream ended normally, false if the callback aborted
     */
    public boolean getSubroutineStream(String name, Args args, StreamCallback callback, Consumer<String> onEnd)
            throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(callback, "callback");
        SwarmStream stream = new SwarmStream(callback);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Client client = members.get(i).client();
            Args own = args.with("swarm_index", i).with("swarm_size", members.size());
            calls.add(() -> client.getSubroutineStream(name, own, stream::onChunk));
        }
        boolean completed = stream.runAll(calls);
        if (completed && onEnd != null) {
            onEnd.accept(name);
        }
        return completed;
    }

    /** Closes every pair (each handler frees its slot). */
    @Override
    public void close() {
        closeAll(members);
    }

    /**
     * Whether every connection leads to one gateway: only then may a file's stripes take different
     * connections (stripes sent to several gateways would leave a piece of the file on each).
     */
    private boolean oneGateway() {
        Controller first = members.get(0).controller;
        for (SwarmMember m : members) {
            if (!m.controller.host().equals(first.host()) || m.controller.port() != first.port()) {
                return false;
            }
        }
        return true;
    }

    private List<Lane> lanes() {
        List<Lane> lanes = new ArrayList<>();
        for (SwarmMember m : members) {
            lanes.add(m.lane(reconnectWindow));
        }
        return lanes;
    }

    private static void closeAll(List<SwarmMember> members) {
        for (SwarmMember m : members) {
            m.close();
        }
    }
}
