package dev.swarmnet;

import dev.swarmnet.internal.Checks;
import dev.swarmnet.internal.Rethrow;
import dev.swarmnet.internal.Threads;

import dev.swarmnet.internal.client.Operation;
import dev.swarmnet.internal.client.Traced;
import dev.swarmnet.internal.client.SwarmStream;
import dev.swarmnet.internal.client.transfer.Lane;
import dev.swarmnet.internal.client.transfer.Transfers;
import dev.swarmnet.internal.client.transfer.UploadSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
    /** The transfers running now, for {@link #close()} to cancel. */
    private final Set<Operation> running = ConcurrentHashMap.newKeySet();
    private volatile long stripeSize = DEFAULT_STRIPE_SIZE;
    private volatile Duration reconnectWindow = DEFAULT_RECONNECT_WINDOW;

    private Swarm(List<SwarmMember> members) {
        this.members = members;
    }

    /**
     * Connects every pair at once, the first on this thread and the others each on a thread of its own: over a
     * real network each connection costs a few round trips (more with TLS), and a swarm of eight waited for
     * eight handshakes one after the other. With {@code acceptFewer}, pairs refused because a pool is full are
     * left out (at least one must connect); any other failure closes those that connected and is thrown.
     */
    static Swarm open(List<Controller> controllers, int perController, boolean acceptFewer) throws IOException {
        if (perController < 1) {
            throw new IllegalArgumentException("a swarm needs at least one connection, got " + perController);
        }
        List<FutureTask<SwarmMember>> connecting = new ArrayList<>();
        for (Controller controller : controllers) {
            for (int i = 0; i < perController; i++) {
                connecting.add(new FutureTask<>(() -> new SwarmMember(controller, controller.getClient())));
            }
        }
        for (FutureTask<SwarmMember> task : connecting.subList(1, connecting.size())) {
            Threads.factory("swarmnet-connect", false).newThread(task).start();
        }
        connecting.get(0).run();
        return new Swarm(collect(connecting, acceptFewer));
    }

    /** The pairs that connected, in order; see {@link #open}. */
    private static List<SwarmMember> collect(List<FutureTask<SwarmMember>> connecting, boolean acceptFewer)
            throws IOException {
        List<SwarmMember> members = new ArrayList<>();
        PoolFullException full = null;
        Throwable failure = null;
        boolean interrupted = false;
        for (FutureTask<SwarmMember> task : connecting) {
            while (true) {
                try {
                    members.add(task.get());
                } catch (InterruptedException e) {
                    interrupted = true; // the connections are short work: wait for them, then say so
                    continue;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof PoolFullException p) {
                        full = full == null ? p : full;
                    } else if (failure == null) {
                        failure = e.getCause();
                    }
                }
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null || full != null && (!acceptFewer || members.isEmpty())) {
            closeAll(members);
            if (failure != null) {
                Rethrow.asIoException(failure, "connecting the swarm failed");
            }
            throw full;
        }
        return members;
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
        this.reconnectWindow = Checks.reconnectWindow(window);
        return this;
    }

    /** Downloads the files {@code query} selects, spread over the swarm; see {@link Client#getFilesFromGateway}. */
    public TransferReport getFilesFromGateway(FileQuery query, TransferListener listener) throws IOException {
        SwarmMember first = members.get(0);
        return transfer(Client.DOWNLOAD, (operation, lanes) -> Transfers.download(operation, lanes,
                first.controller.downloadDir(), query, stripeSize, first.controller.fileOptions(), listener));
    }

    /** {@link #getFilesFromGateway(FileQuery, TransferListener)} without progress reports. */
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
        return send(Transfers.files(dirname, files), listener);
    }

    /**
     * Uploads a local folder's tree into {@code <download dir>/<dirname>}, dealt out over the swarm's connections;
     * see {@link Client#sendFolderToGateway(String, FileQuery, TransferListener)}. On a swarm across gateways each
     * file lands on one of them, and the folders are placed on the gateway of one connection.
     */
    public TransferReport sendFolderToGateway(String dirname, FileQuery folder, TransferListener listener)
            throws IOException {
        Objects.requireNonNull(listener, "listener");
        return send(Transfers.folder(dirname, folder), listener);
    }

    /** {@link #sendFolderToGateway(String, FileQuery, TransferListener)} without progress reports. */
    public TransferReport sendFolderToGateway(String dirname, FileQuery folder) throws IOException {
        return sendFolderToGateway(dirname, folder, TransferListener.NONE);
    }

    private TransferReport send(UploadSet set, TransferListener listener) throws IOException {
        SwarmMember first = members.get(0);
        if (!oneGateway()) { // each file lands on one of them: nothing to ask beforehand
            return transfer(Client.UPLOAD, (operation, lanes) -> Transfers.upload(operation, lanes, set,
                    first.controller.preservePermissions(), listener));
        }
        return transfer(Client.UPLOAD, (operation, lanes) -> Transfers.uploadChanged(operation, lanes, set, stripeSize,
                first.controller.fileOptions(), listener));
    }

    /** A transfer over the given lanes, as the given operation. */
    @FunctionalInterface
    private interface Transfer {
        TransferReport run(Operation operation, List<Lane> lanes) throws IOException;
    }

    /**
     * Runs {@code transfer} as one operation within the controllers' call timeout (the shortest, on a swarm across
     * gateways): the whole transfer, every lane and every reconnection. When the time is up first, every
     * connection of it is cut, no lane reconnects, and the transfer fails with {@link DeadlineExceededException}.
     * {@link #close()} cancels it too.
     */
    private TransferReport transfer(String direction, Transfer transfer) throws IOException {
        SwarmMember bound = shortestCallTimeout();
        Operation operation = Operation.ofSwarmTransfer(bound.controller.callTimeout(), bound.deadlines());
        running.add(operation);
        try {
            return Traced.transfer(members.get(0).controller.gatewayName(), direction, members.size(),
                    () -> operation.run(() -> transfer.run(operation, lanes(operation))));
        } finally {
            running.remove(operation);
        }
    }

    /** The member whose controller's call timeout is the shortest (the first when none has one). */
    private SwarmMember shortestCallTimeout() {
        SwarmMember shortest = members.get(0);
        for (SwarmMember m : members) {
            Duration t = m.controller.callTimeout();
            Duration s = shortest.controller.callTimeout();
            if (!t.isZero() && (s.isZero() || t.compareTo(s) < 0)) {
                shortest = m;
            }
        }
        return shortest;
    }

    /** {@link #sendFilesToGateway(String, List, TransferListener)} without progress reports. */
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

    /**
     * Closes every pair (each handler frees its slot); a transfer still running is cancelled first, so that its
     * lanes do not reconnect.
     */
    @Override
    public void close() {
        for (Operation operation : running) {
            operation.cancel();
        }
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

    private List<Lane> lanes(Operation operation) {
        List<Lane> lanes = new ArrayList<>();
        for (SwarmMember m : members) {
            lanes.add(m.lane(operation, reconnectWindow));
        }
        return lanes;
    }

    private static void closeAll(List<SwarmMember> members) {
        for (SwarmMember m : members) {
            m.close();
        }
    }
}
