package dev.swarmnet;

import dev.swarmnet.internal.ArgsCodec;
import dev.swarmnet.internal.Checks;
import dev.swarmnet.internal.ProgressLog;
import dev.swarmnet.internal.client.ClientSettings;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.client.Exchanges;
import dev.swarmnet.internal.client.Operation;
import dev.swarmnet.internal.client.Traced;
import dev.swarmnet.internal.client.StreamReceiver;
import dev.swarmnet.internal.client.Watchdog;
import dev.swarmnet.internal.client.transfer.Lane;
import dev.swarmnet.internal.client.transfer.Listings;
import dev.swarmnet.internal.client.transfer.Transfers;
import dev.swarmnet.internal.client.transfer.UploadSet;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.Utf8;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * <p>This class checks arguments and delegates: each method runs as one internal {@code Operation}, which
 * holds the connection, arms and settles the call timeout and is what the timeout cancels; the frames are the
 * wire codec's.
 */
public final class Client implements AutoCloseable {
    static final String DOWNLOAD = "download";
    static final String UPLOAD = "upload";
    /** The connection, shared with this client's views; a transfer may replace a lost one ({@link #lane}). */
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
        checkSize(Frames.pingLength(body), "ping message");
        return Traced.call(peer(), "ping", "ping", body.length, r -> r.length(),
                () -> exclusive(connection -> Exchanges.ping(connection, body)));
    }

    /** Calls a batch subroutine and returns its bytes. */
    public byte[] getSubroutineBatch(String name, Args args) throws IOException {
        byte[] encodedName = encodeName(name);
        byte[] encodedArgs = encodeArgs(args);
        checkSize(Frames.batchCallLength(encodedName, encodedArgs), "call");
        return Traced.call(peer(), "batch", name, encodedArgs.length, r -> r.length,
                () -> exclusive(connection -> Exchanges.batch(connection, encodedName, encodedArgs)));
    }

    /** Calls a batch subroutine without arguments. */
    public byte[] getSubroutineBatch(String name) throws IOException {
        return getSubroutineBatch(name, Args.none());
    }

    /** Sends {@code buffer} to a send subroutine and returns its int (0 when it returned nothing). */
    public int sendSubroutineBatch(String name, byte[] buffer, Args args) throws IOException {
        Objects.requireNonNull(buffer, "buffer");
        byte[] encodedName = encodeName(name);
        byte[] encodedArgs = encodeArgs(args);
        checkSize(Frames.sendCallLength(encodedName, encodedArgs, buffer.length), "call");
        return Traced.call(peer(), "send", name, encodedArgs.length + buffer.length, r -> Integer.BYTES,
                () -> exclusive(connection -> Exchanges.send(connection, encodedName, encodedArgs, buffer)));
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
        byte[] encodedArgs = encodeArgs(args);
        checkSize(Frames.streamCallLength(encodedName, encodedArgs), "call");
        return Traced.call(peer(), "stream", name, encodedArgs.length, r -> 0, () -> exclusive(connection -> {
            log.progress("streaming '{}'", name);
            return new StreamReceiver(connection, name, settings.streamWindow())
                    .run(encodedName, encodedArgs, callback, onEnd);
        }));
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
        return transfer(DOWNLOAD, (operation, lanes) -> {
            log.progress("downloading {}", query);
            return Transfers.download(operation, lanes, settings.downloadDir(), query, 0, settings.fileOptions(),
                    listener);
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
        return transfer(UPLOAD, (operation, lanes) -> Transfers.uploadChanged(operation, lanes, set, 0,
                settings.fileOptions(), listener));
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
        return transfer(UPLOAD, (operation, lanes) -> Transfers.uploadChanged(operation, lanes, set, 0,
                settings.fileOptions(), listener));
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
     * This client's connection as a lane of {@code operation} (a transfer of this client, or of a swarm it is a
     * member of): the only way its connection leaves this client, and always given to an operation, whose
     * deadline or cancellation then closes it. When it dies the lane's {@link Lane#replace()} opens a new
     * connection to the same gateway (the gateway may have restarted), which this client then keeps — unless the
     * controller was closed since the lane was made (the transfer is being cancelled), the operation was
     * cancelled, or a call timeout bounds it (a single client's transfer never reconnects under a deadline; a
     * swarm replaces whole clients instead, see {@link SwarmMember}).
     */
    Lane lane(Operation operation) {
        long closesBefore = controller.closes();
        return new Lane() {
            @Override
            public Connection connection() {
                Connection c = link.get();
                operation.attach(c);
                return c;
            }

            @Override
            public Connection replace() throws IOException {
                Connection lost = link.get();
                if (controller.closes() != closesBefore || operation.isTimed() || operation.stopped()
                        || reconnectWindow().isZero()) {
                    return null;
                }
                Connection fresh = controller.reconnect(lost, closesBefore);
                link.set(fresh);
                operation.attach(fresh);
                return fresh;
            }

            @Override
            public Duration reconnectWindow() {
                return controller.reconnectWindow();
            }
        };
    }

    /** Ends this pair: the handler frees its pool slot before it answers, then the connection closes. */
    public void closeHandler() throws IOException {
        exclusive(connection -> {
            sayGoodbye(connection, Protocol.CLOSE_HANDLER);
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
            sayGoodbye(connection, Protocol.CLOSE_GATEWAY);
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
        try {
            if (Operation.untimed().tryCall(connection(), connection -> {
                sayGoodbye(connection, Protocol.CLOSE_HANDLER);
                return null;
            })) {
                return;
            }
        } catch (IOException e) {
            log.progress("closing client: {}", e.toString());
            return;
        }
        release(); // busy: cut the connection under the operation using it
    }

    /** Sends CLOSE_HANDLER or CLOSE_GATEWAY and waits for BYE; the connection is closed afterwards either way. */
    private void sayGoodbye(Connection connection, int type) throws IOException {
        if (!connection.isOpen()) {
            release();
            if (type == Protocol.CLOSE_HANDLER) {
                return;
            }
            throw new SwarmnetException("this client's connection is closed; get a new client from the controller");
        }
        boolean refused = false;
        try {
            Exchanges.goodbye(connection, type);
        } catch (RemoteException e) {
            refused = type == Protocol.CLOSE_GATEWAY && connection.isOpen(); // FORBIDDEN: the pair goes on
            throw e;
        } finally {
            if (!refused) {
                release();
            }
        }
    }

    /** Closes the connection and lets it go: neither the controller nor its watchdog keeps it any more. */
    private void release() {
        Connection connection = connection();
        connection.close();
        watchdog.unwatch(connection);
        controller.forget(this);
    }

    private Connection connection() {
        return link.get();
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

    private static byte[] encodeArgs(Args args) {
        return ArgsCodec.encode(Objects.requireNonNull(args, "args (use Args.none())"));
    }

    /** Checks that a frame body of {@code bytes} fits the maximum frame size. */
    private void checkSize(long bytes, String what) {
        int maxFrameSize = settings.maxFrameSize();
        if (bytes > maxFrameSize) {
            throw new IllegalArgumentException("the " + what + " needs " + bytes + " bytes, more than the maximum"
                    + " frame size " + maxFrameSize + "; raise maxFrameSize on both the controller and the gateway,"
                    + " or move the data as a stream or files");
        }
    }

    /** A new operation of this client, under its call timeout. */
    private Operation operation() {
        return Operation.ofClient(settings.callTimeout(), watchdog);
    }

    /** Runs {@code body} as one operation of this client, alone on its connection ({@link Operation#call}). */
    private <T> T exclusive(Operation.Body<T> body) throws IOException {
        return operation().call(connection(), body);
    }

    /**
     * Runs a transfer in {@code direction} as one operation of this client, over this client's connection as its
     * one lane.
     */
    private TransferReport transfer(String direction, Transfer transfer) throws IOException {
        Operation operation = operation();
        return Traced.transfer(peer(), direction, 1, () -> operation.call(connection(),
                connection -> transfer.run(operation, List.of(lane(operation)))));
    }

    /** The gateway, as calls and transfers are reported. */
    private String peer() {
        return controller.gatewayName();
    }

    /** A transfer over lanes, as an operation. */
    @FunctionalInterface
    private interface Transfer {
        TransferReport run(Operation operation, List<Lane> lanes) throws IOException;
    }
}
