package dev.swarmnet;

import dev.swarmnet.internal.ArgsCodec;
import dev.swarmnet.internal.Checks;
import dev.swarmnet.internal.ProgressLog;
import dev.swarmnet.internal.client.ClientSettings;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.client.Cut;
import dev.swarmnet.internal.client.StreamReceiver;
import dev.swarmnet.internal.client.Watchdog;
import dev.swarmnet.internal.transfer.Lane;
import dev.swarmnet.internal.transfer.Listings;
import dev.swarmnet.internal.transfer.Transfers;
import dev.swarmnet.internal.transfer.UploadSet;
import dev.swarmnet.internal.transfer.UploadJob;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.Utf8;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The controller's end of one Handler&lt;-&gt;Client pair: one TCP connection to a dedicated handler,
 * serving one operation at a time (calls from several threads wait their turn). A
 * {@link RemoteException} leaves the client usable; a lost connection closes it. Close it to free
 * the handler's slot in the gateway's pool.
 *
 * <p>Liveness: each operation may have a call timeout ({@link #withCallTimeout}); an operation that
 * waits on a silent gateway fails after the controller's stall timeout; an idle client is pinged
 * every keepalive interval (see {@link Controller.Builder}).
 */
public final class Client implements AutoCloseable {
    /** The connection, shared with this client's views; a transfer may replace a lost one ({@link #lane()}). */
    private final AtomicReference<Connection> link;
    private final Controller controller;
    private final ProgressLog log;
    private final ClientSettings settings;
    private final Watchdog watchdog;

    Client(Connection connection, Controller controller, ProgressLog log, ClientSettings settings, Watchdog watchdog) {
        this(new AtomicReference<>(connection), controller, log, settings, watchdog);
    }

    private Client(AtomicReference<Connection> link, Controller controller, ProgressLog log, ClientSettings settings,
            Watchdog watchdog) {
        this.link = link;
        this.controller = controller;
        this.log = log;
        this.settings = settings;
        this.watchdog = watchdog;
    }

    /**
     * This client with a call timeout of {@code timeout} for each of its operations (a call, a whole
     * stream, a whole transfer), like gRPC's deadlines: an operation still running then is stopped by
     * closing the connection and fails with {@link DeadlineExceededException}. The view shares this
     * client's connection (closing either closes both); {@link Duration#ZERO} means no limit.
     */
    public Client withCallTimeout(Duration timeout) {
        Checks.timeoutOrZero(timeout, "timeout");
        return new Client(link, controller, log, settings.withCallTimeout(timeout), watchdog);
    }

    /** The call timeout of each operation of this client; {@link Duration#ZERO} for none. */
    public Duration callTimeout() {
        return settings.callTimeout();
    }

    /** Sends {@code message} to the handler and returns its echo: a round trip that checks the connection. */
    public String ping(String message) throws IOException {
        byte[] body = Utf8.encode(Objects.requireNonNull(message, "message"));
        checkSize(body.length, "ping message");
        return exclusive(connection -> {
            connection.send(sink -> Frames.bytes(sink, Protocol.PING, body));
            connection.expect(Protocol.PONG);
            return connection.read(r -> r.readUtf8(r.remaining()));
        });
    }

    /** Calls a batch subroutine and returns its bytes. */
    public byte[] getSubroutineBatch(String name, Args args) throws IOException {
        byte[] encodedName = encodeName(name);
        byte[] encodedArgs = encodeArgs(args, encodedName, 0);
        return exclusive(connection -> {
            connection.send(sink -> Frames.batchCall(sink, encodedName, encodedArgs));
            connection.expect(Protocol.BATCH_RESULT);
            return connection.read(r -> r.readRest());
        });
    }

    /** Calls a batch subroutine without arguments. */
    public byte[] getSubroutineBatch(String name) throws IOException {
        return getSubroutineBatch(name, Args.none());
    }

    /** Sends {@code buffer} to a send subroutine and returns its int (0 when it returned nothing). */
    public int sendSubroutineBatch(String name, byte[] buffer, Args args) throws IOException {
        Objects.requireNonNull(buffer, "buffer");
        byte[] encodedName = encodeName(name);
        byte[] encodedArgs = encodeArgs(args, encodedName, buffer.length);
        return exclusive(connection -> {
            connection.send(sink -> Frames.sendCall(sink, encodedName, encodedArgs, buffer));
            connection.expect(Protocol.SEND_RESULT);
            return connection.read(r -> r.readInt());
        });
    }

    /** Sends {@code buffer} to a send subroutine without arguments. */
    public int sendSubroutineBatch(String name, byte[] buffer) throws IOException {
        return sendSubroutineBatch(name, buffer, Args.none());
    }

    /**
     * Runs a stream subroutine and hands each chunk to {@code callback} on this thread until the stream
     * ends. Flow control keeps at most the controller's stream window in flight.
     *
     * @param onEnd runs with the subroutine's name when the stream ends normally (not when aborted); may be null
     * @return {@code true} if the stream ended normally, {@code false} if the callback aborted it
     * @throws RemoteException if the subroutine is unknown, of another kind, or failed
     */
    public boolean getSubroutineStream(String name, Args args, StreamCallback callback, Consumer<String> onEnd)
            throws IOException {
        Objects.requireNonNull(callback, "callback");
        byte[] encodedName = encodeName(name);
        byte[] encodedArgs = encodeArgs(args, encodedName, 4);
        return exclusive(connection -> {
            log.progress("streaming '{}'", name);
            return new StreamReceiver(connection, name, settings.streamWindow())
                    .run(encodedName, encodedArgs, callback, onEnd);
        });
    }

    /** Runs a stream subroutine without an end-of-stream callback. */
    public boolean getSubroutineStream(String name, Args args, StreamCallback callback) throws IOException {
        return getSubroutineStream(name, args, callback, null);
    }

    /**
     * Downloads the files {@code query} selects into the controller's download folder (created if
     * missing), keeping sub-folders of recursive queries (empty ones too), each file's and folder's modification
     * time (to the nanosecond where the file systems keep it) and permission bits (unless
     * {@link Controller.Builder#preservePermissions} is off). Files are
     * pipelined (no round trip per file), verified end to end (CRC32C) and renamed into place only when
     * complete.
     *
     * The gateway sends the listing in parts while it walks its folders, and files move from the first part on.
     *
     * @return what arrived, and exactly which files failed and why
     * @throws RemoteException if the gateway refuses the query (FORBIDDEN, NOT_FOUND, LIMIT_EXCEEDED), also
     *     after some of its files arrived (a limit only the walk finds)
     * @throws IOException if the connection is lost before the listing has ended (the files not listed yet are
     *     unknown); the files already in place stay. A {@link Swarm} lists the rest over another connection.
     */
    public TransferReport getFilesFromGateway(FileQuery query, TransferListener listener) throws IOException {
        return exclusive(connection -> {
            log.progress("downloading {}", query);
            return Transfers.download(connection, settings.downloadDir(), query, 0, settings.fileOptions(),
                    listener, List.of(lane()));
        });
    }

    /**
     * What {@code query} selects on the gateway, without fetching anything: each file's path, size and
     * modification time, in the order a download would fetch them.
     *
     * @throws RemoteException if the gateway refuses the query (FORBIDDEN, NOT_FOUND, LIMIT_EXCEEDED)
     */
    public List<ListedFile> listFiles(FileQuery query) throws IOException {
        Objects.requireNonNull(query, "query");
        return exclusive(connection -> Listings.list(connection, query));
    }

    /**
     * What {@link #getFilesFromGateway(FileQuery)} would fetch now, without fetching anything: the files
     * {@code query} selects but those their destination already holds ({@link Controller.Builder#existingFiles}).
     * For a dry run.
     */
    public List<ListedFile> filesToGet(FileQuery query) throws IOException {
        Objects.requireNonNull(query, "query");
        return exclusive(connection -> Listings.toFetch(connection, query, settings.downloadDir(),
                settings.existingFiles()));
    }

    /**
     * What {@link #sendFilesToGateway(String, List)} would send now, without sending anything: {@code files} but
     * those the gateway already holds ({@link Controller.Builder#existingFiles}). For a dry run.
     */
    public List<Path> filesToSend(String dirname, List<Path> files) throws IOException {
        UploadSet set = Transfers.files(dirname, files);
        return exclusive(connection -> Listings.toSend(connection, set, settings.existingFiles()));
    }

    /**
     * What {@link #sendFolderToGateway(String, FileQuery)} would send now, without sending anything: the local
     * files {@code folder} selects but those the gateway already holds. For a dry run.
     */
    public List<Path> filesToSend(String dirname, FileQuery folder) throws IOException {
        UploadSet set = Transfers.folder(dirname, folder);
        return exclusive(connection -> Listings.toSend(connection, set, settings.existingFiles()));
    }

    /** {@link #getFilesFromGateway(FileQuery, TransferListener)} without progress reports. */
    public TransferReport getFilesFromGateway(FileQuery query) throws IOException {
        return getFilesFromGateway(query, TransferListener.NONE);
    }

    /**
     * Uploads {@code files} into {@code <gateway download dir>/<dirname>} (dirname may be empty), each
     * under its own file name, keeping its modification time and (unless
     * {@link Controller.Builder#preservePermissions} is off) its permission bits, without write access for group
     * and others; verified and placed atomically.
     */
    public TransferReport sendFilesToGateway(String dirname, List<Path> files, TransferListener listener)
            throws IOException {
        UploadSet set = Transfers.files(dirname, files);
        return exclusive(connection -> Transfers.uploadChanged(connection, set, 0, settings.fileOptions(), listener)
                .run(List.of(lane())));
    }

    /**
     * Uploads a local folder's tree into {@code <gateway download dir>/<dirname>}: {@code folder.folder()} names
     * the local folder, and its other settings select as they do for a download (recursive, regex, include and
     * exclude globs, matched against each file's path relative to the folder). Each file keeps that relative
     * path below {@code dirname}, so files of the same name in different folders never clash. Like
     * {@link #sendFilesToGateway(String, List, TransferListener)}, each keeps its modification time and permission
     * bits; files the gateway already holds are not sent ({@link Controller.Builder#existingFiles}).
     *
     * <p>Without a regex or globs the tree's folders are placed too, after their files: created when empty, and
     * given their modification times and (as for files) permission bits, the folder's own going to
     * {@code dirname} (unless it is empty: the download folder itself is never changed). The walk never follows
     * a link: links and special files (pipes, sockets, devices) in the tree are reported in
     * {@link TransferReport#skipped()}; an entry whose name is not valid UTF-8, or that cannot be read, fails
     * alone in {@link TransferReport#failures()}.
     *
     * @throws IllegalArgumentException if {@code folder} is a list of files, or its path is not valid UTF-8
     * @throws java.nio.file.NotDirectoryException if the local folder is not a folder
     */
    public TransferReport sendFolderToGateway(String dirname, FileQuery folder, TransferListener listener)
            throws IOException {
        Objects.requireNonNull(listener, "listener");
        UploadSet set = Transfers.folder(dirname, folder);
        return exclusive(connection -> Transfers.uploadChanged(connection, set, 0, settings.fileOptions(), listener)
                .run(List.of(lane())));
    }

    /** {@link #sendFolderToGateway(String, FileQuery, TransferListener)} without progress reports. */
    public TransferReport sendFolderToGateway(String dirname, FileQuery folder) throws IOException {
        return sendFolderToGateway(dirname, folder, TransferListener.NONE);
    }

    /** {@link #sendFilesToGateway(String, List, TransferListener)} without progress reports. */
    public TransferReport sendFilesToGateway(String dirname, List<Path> files) throws IOException {
        return sendFilesToGateway(dirname, files, TransferListener.NONE);
    }

    /**
     * This client's connection as a transfer lane. When it dies the transfer goes on over a new connection to
     * the same gateway (the gateway may have restarted), which this client then keeps — unless the controller
     * was closed since the lane was made (the transfer is being cancelled) or a call timeout bounds the
     * operation, whose deadline is the lost connection's.
     */
    Lane lane() {
        long closesBefore = controller.closes();
        return new Lane() {
            @Override
            public Connection connection() {
                return link.get();
            }

            @Override
            public Connection replace() throws IOException {
                Connection lost = link.get();
                if (controller.closes() != closesBefore || !settings.callTimeout().isZero()
                        || reconnectWindow().isZero()) {
                    return null;
                }
                Connection fresh = controller.reconnect(lost, closesBefore);
                link.set(fresh);
                return fresh;
            }

            @Override
            public Duration reconnectWindow() {
                return controller.reconnectWindow();
            }
        };
    }

    Connection connection() {
        return link.get();
    }

    /** Ends this pair: the handler frees its pool slot before it answers, then the connection closes. */
    public void closeHandler() throws IOException {
        exclusive(connection -> {
            sayGoodbye(Protocol.CLOSE_HANDLER);
            return null;
        });
    }

    /**
     * Asks the gateway to close itself (its blocking {@code start(true)} returns); this client closes too.
     *
     * @throws RemoteException with {@link ErrorCode#FORBIDDEN} if the gateway does not allow remote
     *     shutdown ({@link Gateway.Builder#allowRemoteShutdown(boolean)}): the gateway keeps running and
     *     this client stays open
     */
    public void closeGateway() throws IOException {
        exclusive(connection -> {
            sayGoodbye(Protocol.CLOSE_GATEWAY);
            return null;
        });
    }

    /** Whether the connection is still usable. */
    public boolean isOpen() {
        return connection().isOpen();
    }

    /**
     * {@link #closeHandler()}, quietly. If another thread is in the middle of an operation (a stream
     * whose callback is blocked, say), the connection is cut instead of waiting for it: that operation
     * fails, and the gateway frees the slot when it sees the connection end.
     */
    @Override
    public void close() {
        ReentrantLock lock = connection().operations();
        if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
            release();
            return;
        }
        try {
            sayGoodbye(Protocol.CLOSE_HANDLER);
        } catch (IOException e) {
            log.progress("closing client: {}", e.toString());
        } finally {
            lock.unlock();
        }
    }

    /** Sends CLOSE_HANDLER or CLOSE_GATEWAY and waits for BYE; the connection is closed afterwards either way. */
    private void sayGoodbye(int type) throws IOException {
        Connection connection = connection();
        if (!connection.isOpen()) {
            release();
            if (type == Protocol.CLOSE_HANDLER) {
                return;
            }
            throw new SwarmnetException("this client's connection is closed; get a new client from the controller");
        }
        boolean refused = false;
        try {
            connection.send(sink -> Frames.empty(sink, type));
            connection.expect(Protocol.BYE);
        } catch (RemoteException e) {
            refused = type == Protocol.CLOSE_GATEWAY && connection.isOpen(); // FORBIDDEN: the pair goes on
            throw e;
        } finally {
            if (!refused) {
                release();
            }
        }
    }

    private void release() {
        connection().close();
        controller.forget(this);
    }

    private byte[] encodeName(String name) {
        Objects.requireNonNull(name, "name");
        byte[] bytes = Utf8.encode(name);
        if (bytes.length == 0 || bytes.length > Protocol.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("a subroutine name must have 1 to " + Protocol.MAX_NAME_BYTES
                    + " bytes of UTF-8");
        }
        return bytes;
    }

    /** Encodes the arguments and checks the whole call frame (name, args, other fields) fits. */
    private byte[] encodeArgs(Args args, byte[] encodedName, int otherBytes) {
        byte[] encoded = ArgsCodec.encode(Objects.requireNonNull(args, "args (use Args.none())"));
        checkSize(2L + encodedName.length + 4 + encoded.length + otherBytes, "call");
        return encoded;
    }

    private void checkSize(long bytes, String what) {
        int maxFrameSize = settings.maxFrameSize();
        if (bytes > maxFrameSize) {
            throw new IllegalArgumentException("the " + what + " needs " + bytes + " bytes, more than the maximum"
                    + " frame size " + maxFrameSize + "; raise maxFrameSize on both the controller and the gateway,"
                    + " or move the data as a stream or files");
        }
    }

    /**
     * Runs an operation alone on the connection, within the call timeout if there is one. The timeout
     * wins a race with the operation's end: once it has cut the connection, the operation reports
     * {@link DeadlineExceededException} even if it got as far as returning.
     */
    private <T> T exclusive(Operation<T> operation) throws IOException {
        Connection connection = link.get(); // the one this operation started on, whose lock it holds
        ReentrantLock lock = connection.operations();
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a Client runs one operation at a time; use another client inside a"
                    + " stream callback");
        }
        lock.lock();
        Watchdog.Deadline deadline = armDeadline(connection);
        try {
            T result = operation.run(connection);
            if (deadline != null && !deadline.finish()) {
                throw connection.fail(new SwarmnetException("the operation was cut by its call timeout"));
            }
            return result;
        } catch (IOException | RuntimeException e) {
            if (deadline != null && !deadline.finish()) {
                throw connection.fail(e);
            }
            throw e;
        } finally {
            connection.markUsed();
            lock.unlock();
        }
    }

    private Watchdog.Deadline armDeadline(Connection connection) {
        Duration timeout = settings.callTimeout();
        if (timeout.isZero()) {
            return null;
        }
        return watchdog.deadline(connection, timeout, Cut.deadline("the operation did not finish within its call"
                + " timeout of " + timeout.toMillis() + " ms; the connection was closed to stop it: get a new client"));
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run(Connection connection) throws IOException;
    }
}
