package dev.swarmnet;

import dev.swarmnet.internal.Checks;
import dev.swarmnet.internal.ProgressLog;
import dev.swarmnet.internal.SecurityOptions;
import dev.swarmnet.internal.client.ClientSettings;
import dev.swarmnet.internal.client.ConnectOptions;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.client.DeadlineTimer;
import dev.swarmnet.internal.client.Watchdog;
import dev.swarmnet.internal.tls.ClientTls;
import dev.swarmnet.internal.client.transfer.FileOptions;
import dev.swarmnet.internal.client.transfer.UploadIds;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * The client-side factory for one gateway: each {@link #getClient()} asks the gateway for a dedicated
 * handler. One program may hold controllers for many gateways, and one gateway serves many
 * controllers. Closing a controller closes the clients it made.
 */
public final class Controller implements AutoCloseable {
    private final Builder config;
    private final ConnectOptions connect;
    /** "host:port", made once: calls and transfers are reported under it. */
    private final String gatewayName;
    private final ProgressLog log;
    private final ClientSettings clientSettings;
    private final Watchdog watchdog;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    /** How many times {@link #close()} was called: a transfer started before a close does not reconnect. */
    private final AtomicLong closes = new AtomicLong();

    /** A controller for {@code host:port} with default settings (pynetwork's {@code Controller(ip, port)}). */
    public Controller(String host, int port) {
        this(builder().gateway(host, port));
    }

    private Controller(Builder config) {
        if (config.host == null) {
            throw new IllegalStateException("set the gateway with gateway(host, port)");
        }
        this.config = config.copy();
        this.connect = new ConnectOptions(config.host, config.port, (int) config.connectTimeout.toMillis(),
                config.maxFrameSize, config.security.tls(), config.security.secret());
        this.log = new ProgressLog(LoggerFactory.getLogger(Controller.class), config.verbose);
        this.clientSettings = new ClientSettings(config.maxFrameSize, config.streamWindow, config.downloadDir,
                config.callTimeout, config.preservePermissions, config.existingFiles, uploadIds(config.resumeKeyFile));
        this.gatewayName = connect.gateway();
        this.watchdog = new Watchdog(gatewayName, config.keepaliveInterval, config.stallTimeout);
    }

    /** A builder for a controller; {@link Builder#gateway(String, int)} names the gateway. */
    public static Builder builder() {
        return new Builder();
    }

    private static UploadIds uploadIds(Path resumeKeyFile) {
        if (resumeKeyFile == null) {
            return UploadIds.RANDOM;
        }
        try {
            return UploadIds.fromKeyFile(resumeKeyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the resume key file " + resumeKeyFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects a new Handler&lt;-&gt;Client pair.
     *
     * @throws PoolFullException if the gateway's handler pool is full
     * @throws AuthenticationException if the gateway requires a secret this controller does not have,
     *     or cannot prove it knows this controller's secret
     * @throws SwarmnetException for TLS failures (untrusted or mismatching certificate, pin, a plain
     *     gateway), with a message that says which
     * @throws IOException if the gateway cannot be reached
     */
    public Client getClient() throws IOException {
        Connection connection = Connection.open(connect);
        Client client = new Client(connection, this, log, clientSettings, watchdog);
        clients.add(client);
        watchdog.watch(connection);
        log.progress("client connected to {}:{}", config.host, config.port);
        return client;
    }

    /**
     * Opens a swarm of {@code n} Handler&lt;-&gt;Client pairs to this gateway for one job spread over
     * all of them.
     *
     * @throws PoolFullException if the gateway's pool cannot give all {@code n} (the pairs already
     *     opened are closed again); see {@link #swarm(int, boolean)} to take fewer
     */
    public Swarm swarm(int n) throws IOException {
        return swarm(n, false);
    }

    /**
     * Opens a swarm of up to {@code n} pairs; with {@code acceptFewer}, a full pool yields a smaller
     * swarm (at least one pair) instead of a {@link PoolFullException}.
     */
    public Swarm swarm(int n, boolean acceptFewer) throws IOException {
        return Swarm.open(List.of(this), n, acceptFewer);
    }

    /**
     * Stops the gateway (through a short-lived client): its blocking {@code start(true)} returns.
     *
     * @throws RemoteException with {@link ErrorCode#FORBIDDEN} if the gateway does not allow remote
     *     shutdown ({@link Gateway.Builder#allowRemoteShutdown(boolean)}); it keeps running
     */
    public void closeGateway() throws IOException {
        try (Client client = getClient()) {
            client.closeGateway();
        }
    }

    /** The gateway as "host:port". */
    String gatewayName() {
        return gatewayName;
    }

    /** The gateway's host. */
    public String host() {
        return config.host;
    }

    /** The gateway's port. */
    public int port() {
        return config.port;
    }

    /** Whether transfers carry and apply permission bits ({@link Builder#preservePermissions}). */
    public boolean preservePermissions() {
        return config.preservePermissions;
    }

    /** Where files downloaded from the gateway land. */
    public Path downloadDir() {
        return config.downloadDir;
    }

    /** How this controller's transfers treat files: for its swarms. */
    FileOptions fileOptions() {
        return clientSettings.fileOptions();
    }

    /** What transfers do with a file already at its destination ({@link Builder#existingFiles}). */
    public ExistingFiles existingFiles() {
        return config.existingFiles;
    }

    /** Closes every client this controller made that is still open. */
    @Override
    public void close() {
        closes.incrementAndGet(); // first: a transfer's lane that loses its connection now does not open another
        for (Client c : List.copyOf(clients)) {
            c.close();
        }
        watchdog.close();
    }

    /**
     * A new connection for a client whose connection {@code lost} died during a transfer: watched as that one
     * was, which is closed and forgotten.
     */
    Connection reconnect(Connection lost, long closesBefore) throws IOException {
        if (closes.get() != closesBefore) {
            throw new IOException("the controller was closed");
        }
        Connection fresh = Connection.open(connect);
        watchdog.unwatch(lost);
        lost.close();
        if (closes.get() != closesBefore) { // closed while connecting
            fresh.close();
            throw new IOException("the controller was closed");
        }
        watchdog.watch(fresh);
        log.progress("client reconnected to {}:{}", config.host, config.port);
        return fresh;
    }

    /** How long each operation may take ({@link Builder#callTimeout}); zero for no limit. */
    Duration callTimeout() {
        return config.callTimeout;
    }

    /** What times this controller's deadlines (its clients' and its swarms'). */
    DeadlineTimer deadlines() {
        return watchdog;
    }

    /** How long a single client's transfer tries to reconnect ({@link Builder#reconnectWindow}). */
    Duration reconnectWindow() {
        return config.reconnectWindow;
    }

    /**
     * How many times {@link #close()} was called so far: a transfer notes it when it starts, and its lanes do not
     * reconnect once it changed (closing the controller is how a transfer is cancelled).
     */
    long closes() {
        return closes.get();
    }

    /** A client closed (and unwatched its connection): this controller no longer closes it. */
    void forget(Client client) {
        clients.remove(client);
    }

    /** Default {@link Builder#keepaliveInterval}. */
    public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(30);

    /** Default {@link Builder#stallTimeout}. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    /** Configuration of a {@link Controller}; every setter validates its argument. */
    public static final class Builder {
        private String host;
        private int port = Gateway.DEFAULT_PORT;
        private Path downloadDir = Path.of("downloads");
        private boolean verbose;
        private boolean preservePermissions = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxFrameSize = Protocol.DEFAULT_MAX_FRAME_SIZE;
        private int streamWindow = Protocol.DEFAULT_STREAM_WINDOW;
        private SecurityOptions<ClientTls> security = SecurityOptions.none();
        private Duration callTimeout = Duration.ZERO;
        private Duration keepaliveInterval = DEFAULT_KEEPALIVE_INTERVAL;
        private Duration stallTimeout = DEFAULT_STALL_TIMEOUT;
        private ExistingFiles existingFiles = ExistingFiles.SKIP_UNCHANGED;
        private Path resumeKeyFile;
        private Duration reconnectWindow = Swarm.DEFAULT_RECONNECT_WINDOW;

        private Builder() {
        }

        /** The gateway to talk to. */
        public Builder gateway(String host, int port) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + port);
            }
            this.host = host;
            this.port = port;
            return this;
        }

        /** Where downloaded files land (default {@code ./downloads}). */
        public Builder downloadDir(Path dir) {
            this.downloadDir = Objects.requireNonNull(dir, "downloadDir");
            return this;
        }

        /**
         * What downloads and uploads do with a file already at its destination (default
         * {@link ExistingFiles#SKIP_UNCHANGED}: not sent again when its size and modification time match).
         */
        public Builder existingFiles(ExistingFiles policy) {
            this.existingFiles = Objects.requireNonNull(policy, "existingFiles");
            return this;
        }

        /**
         * Whether file transfers keep permission bits, as {@code rsync -a} does (default true): a downloaded file
         * or folder gets the gateway's read, write and execute bits for user, group and others (never setuid,
         * setgid or sticky), and an upload sends the local file's bits for the gateway to apply. False leaves
         * them to the receiver's default (its umask), as {@code --no-perms} does.
         */
        public Builder preservePermissions(boolean preserve) {
            this.preservePermissions = preserve;
            return this;
        }

        /**
         * Lets a striped upload ({@link Swarm#sendFilesToGateway}) that was cut short — the program killed, the
         * connection or the gateway lost for good — continue in a later run, from any process given the same
         * file: the gateway keeps the verified stripes for its retention period, and the next upload of the same
         * file (same local path, size and modification time, same destination) sends only what they miss. The
         * file holds a key (32 random bytes, created owner-only when missing) from which each upload's id is
         * derived: keep it private, since an id lets a client add to that upload. By default (null) an upload
         * continues only within its transfer. {@link #build()} reads or creates the file, and throws
         * {@link UncheckedIOException} if it cannot.
         */
        public Builder resumeKeyFile(Path file) {
            this.resumeKeyFile = file;
            return this;
        }

        /**
         * How long a single {@link Client}'s transfer keeps trying to reconnect, with growing pauses, after its
         * connection dies (default 15 s, as {@link Swarm#reconnectWindow}); {@link Duration#ZERO}: never, the files
         * not moved yet are then reported as failed.
         */
        public Builder reconnectWindow(Duration window) {
            this.reconnectWindow = Checks.reconnectWindow(window);
            return this;
        }

        /** Log progress at INFO (pynetwork's {@code verbose}); otherwise at DEBUG. */
        public Builder verbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        /** How long to wait for the TCP connection and the gateway's hello (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Checks.timeout(timeout, "connectTimeout");
            return this;
        }

        /**
         * The default call timeout of every operation of this controller's clients (a call, a whole
         * stream, a whole transfer); an operation still running then fails with
         * {@link DeadlineExceededException} and its client is closed. Per client:
         * {@link Client#withCallTimeout}. Default {@link Duration#ZERO}: no limit, as long as the
         * gateway is alive (see {@link #stallTimeout}).
         */
        public Builder callTimeout(Duration timeout) {
            Checks.timeoutOrZero(timeout, "callTimeout");
            this.callTimeout = timeout;
            return this;
        }

        /**
         * How long a client may sit idle before it pings its gateway (default 30 s; {@link Duration#ZERO}
         * never): a gateway that died meanwhile is noticed within the ping's answer time (the stall
         * timeout) instead of at the next call, and the gateway's {@code idleTimeout} can be set short
         * enough to notice dead controllers — a few keepalive intervals — without closing idle live ones.
         */
        public Builder keepaliveInterval(Duration interval) {
            Checks.timeoutOrZero(interval, "keepaliveInterval");
            this.keepaliveInterval = interval;
            return this;
        }

        /**
         * How long an operation may wait on the network without one byte moving before its connection is
         * closed and it fails with {@link ConnectionStalledException} (default 60 s; {@link Duration#ZERO}
         * never). A gateway sends keepalive frames while a subroutine or stream is slow, so this fires on a
         * dead gateway or a broken path, not on long work; keep it above the gateway's
         * {@code keepaliveInterval}. Time a stream callback spends in user code does not count. A swarm
         * transfer replaces a stalled connection and goes on.
         */
        public Builder stallTimeout(Duration timeout) {
            Checks.timeoutOrZero(timeout, "stallTimeout");
            this.stallTimeout = timeout;
            return this;
        }

        /** The largest frame body sent or accepted (default 16 MiB); keep it equal to the gateway's. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = Checks.maxFrameSize(bytes);
            return this;
        }

        /**
         * Flow control: how many bytes of stream chunks may be in flight unread (default 1 MiB). Larger
         * windows help long, fast links; memory per stream is bounded by it.
         */
        public Builder streamWindow(int bytes) {
            if (bytes < 2 * Protocol.CHUNK_CREDIT_OVERHEAD) {
                throw new IllegalArgumentException("streamWindow must be at least " + 2 * Protocol.CHUNK_CREDIT_OVERHEAD);
            }
            this.streamWindow = bytes;
            return this;
        }

        /**
         * Talks TLS to the gateway (see {@link TlsConfig#client()}); default plain TCP. The files are
         * read now: problems fail here with an IllegalArgumentException.
         */
        public Builder tls(TlsConfig.Client config) {
            this.security = security.withTls(config, TlsConfig.Client::load);
            return this;
        }

        /**
         * Proves to the gateway that this controller knows the shared secret, and requires the gateway
         * to prove it back: a controller with a secret refuses a gateway without one. The secret never
         * travels (challenge/response, docs/PROTOCOL.md). The array is copied.
         */
        public Builder secret(byte[] secret) {
            this.security = security.withSecret(secret);
            return this;
        }

        /** {@link #secret(byte[])} with the UTF-8 bytes of {@code secret}. */
        public Builder secret(String secret) {
            this.security = security.withSecret(secret);
            return this;
        }

        /** The controller; it connects nothing until {@link Controller#getClient()} or a swarm asks. */
        public Controller build() {
            return new Controller(this);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.host = host;
            b.port = port;
            b.downloadDir = downloadDir;
            b.verbose = verbose;
            b.preservePermissions = preservePermissions;
            b.connectTimeout = connectTimeout;
            b.maxFrameSize = maxFrameSize;
            b.streamWindow = streamWindow;
            b.security = security;
            b.callTimeout = callTimeout;
            b.keepaliveInterval = keepaliveInterval;
            b.stallTimeout = stallTimeout;
            b.existingFiles = existingFiles;
            b.resumeKeyFile = resumeKeyFile;
            b.reconnectWindow = reconnectWindow;
            return b;
        }
    }
}
