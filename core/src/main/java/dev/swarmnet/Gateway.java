package dev.swarmnet;

import dev.swarmnet.internal.Checks;
import dev.swarmnet.internal.SecurityOptions;
import dev.swarmnet.internal.files.NameEncoding;
import dev.swarmnet.internal.gateway.GatewayConfig;
import dev.swarmnet.internal.gateway.GatewayServer;
import dev.swarmnet.internal.gateway.SubroutineRegistry;
import dev.swarmnet.internal.tls.ServerTls;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The server: listens on a port, serves named subroutines, and gives each connection that completes
 * its handshake (and authentication, with a secret) a handler from a bounded pool. Subroutines may be added and removed at any time, also while
 * it runs. Close it to stop accepting, let the requests in flight finish within a grace period
 * ({@link Builder#shutdownGracePeriod}), end every handler and free the port.
 *
 * <pre>{@code
 * try (Gateway gw = Gateway.builder().port(1857).build()) {
 *     gw.addSubroutine("mount_usage", (BatchSubroutine) call -> Bytes.floatToBytes(0.42f));
 *     gw.start(true); // blocks until closed
 * }
 * }</pre>
 *
 * <p>Security (see SECURITY.md): {@link Builder#tls TLS}, a shared {@link Builder#secret secret} that
 * clients must prove they know, {@link Builder#allowRemoteShutdown(boolean)},
 * {@link Builder#allowUploads(boolean)}, and limits with safe defaults on frame and argument sizes,
 * handshake and idle time, regex length and files per query.
 */
public final class Gateway implements AutoCloseable {
    /** pynetwork's default port. */
    public static final int DEFAULT_PORT = 1857;
    public static final int DEFAULT_POOL_SIZE = 5;
    /** Default {@link Builder#maxArgsSize}: 1 MiB of encoded arguments per call. */
    public static final int DEFAULT_MAX_ARGS_SIZE = 1024 * 1024;
    /** Default {@link Builder#idleTimeout}: 10 minutes. */
    public static final int DEFAULT_IDLE_TIMEOUT_MILLIS = 10 * 60 * 1000;
    /** Default {@link Builder#keepaliveInterval}: 10 seconds. */
    public static final int DEFAULT_KEEPALIVE_INTERVAL_MILLIS = 10_000;
    /** Default {@link Builder#maxRegexLength}: 1,000 characters. */
    public static final int DEFAULT_MAX_REGEX_LENGTH = 1000;
    /** Default {@link Builder#shutdownGracePeriod}: 5 seconds. */
    public static final int DEFAULT_SHUTDOWN_GRACE_MILLIS = 5000;
    /** The longest {@link Builder#shutdownGracePeriod}: one hour. */
    public static final Duration MAX_SHUTDOWN_GRACE = Duration.ofHours(1);
    /** Default {@link Builder#resumableUploadRetention}: 1 hour. */
    public static final Duration DEFAULT_RESUMABLE_UPLOAD_RETENTION = Duration.ofHours(1);

    private final GatewayConfig config;
    private final SubroutineRegistry registry = new SubroutineRegistry();
    private final GatewayServer server;

    private Gateway(GatewayConfig config) {
        this.config = config;
        this.server = new GatewayServer(config, registry, LoggerFactory.getLogger(Gateway.class));
    }

    /** A builder with the defaults: port 1857, a pool of 5, nothing shared, uploads into {@code downloads}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers {@code subroutine} under {@code name}, replacing any earlier one. Cast a lambda to
     * the kind you mean: {@code (BatchSubroutine) call -> bytes}, {@code (SendSubroutine) call -> 0},
     * {@code (StreamSubroutine) (call, out) -> out.emit(1, bytes)}.
     */
    public void addSubroutine(String name, Subroutine subroutine) {
        registry.add(checkName(name), Objects.requireNonNull(subroutine, "subroutine"));
    }

    /** Removes the subroutine registered under {@code name}; false if there was none. */
    public boolean removeSubroutine(String name) {
        return registry.remove(checkName(name));
    }

    /** The names of the registered subroutines, sorted. */
    public Set<String> subroutineNames() {
        return registry.names();
    }

    /**
     * Binds the port and starts accepting controllers.
     *
     * @param blocking {@code true} to block the calling thread until the gateway is closed (locally or
     *     by a client's {@code closeGateway()}), as pynetwork's {@code start(blocking=True)};
     *     {@code false} to return once the port is bound
     * @throws IllegalStateException if it was started or closed before
     * @throws IOException if the port cannot be bound
     */
    public void start(boolean blocking) throws IOException {
        server.start();
        if (blocking) {
            awaitClose();
        }
    }

    /** Blocks until the gateway is closed; an interrupt closes it. */
    public void awaitClose() {
        server.awaitClose();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** Whether it was started and is not closed yet. */
    public boolean isRunning() {
        return server.isRunning();
    }

    /** The most handlers (clients) it serves at once. */
    public int maxPoolSize() {
        return config.limits().maxPoolSize();
    }

    /** Handlers alive now (slots taken in the pool). */
    public int activeHandlers() {
        return server.activeHandlers();
    }

    /** The shared folders, as given. */
    public List<Path> shares() {
        return config.files().shares();
    }

    /** Where uploaded files land. */
    public Path downloadDir() {
        return config.files().downloadDir();
    }

    /** Whether connections use TLS ({@link Builder#tls}). */
    public boolean usesTls() {
        return config.security().usesTls();
    }

    /** Whether clients must prove they know a shared secret ({@link Builder#secret(byte[])}). */
    public boolean requiresSecret() {
        return config.security().requiresSecret();
    }

    /** Whether clients may stop this gateway ({@link Builder#allowRemoteShutdown(boolean)}). */
    public boolean allowsRemoteShutdown() {
        return config.shutdown().allowRemote();
    }

    /** Whether clients may upload files ({@link Builder#allowUploads(boolean)}). */
    public boolean allowsUploads() {
        return config.files().allowUploads();
    }

    /** How long {@link #close()} lets requests in flight finish ({@link Builder#shutdownGracePeriod}). */
    public Duration shutdownGracePeriod() {
        return config.shutdown().gracePeriod();
    }

    /** Whether handlers run on virtual threads (see {@link ThreadMode}). */
    public boolean usesVirtualThreads() {
        return server.usesVirtualThreads();
    }

    /**
     * Stops the gateway gracefully and frees the port. New connections are refused at once; clients waiting
     * between requests are told {@link ErrorCode#SHUTTING_DOWN} and disconnected; a request in flight (a
     * batch or send call, a file batch, an upload, a stream) may finish within the
     * {@link Builder#shutdownGracePeriod shutdown grace period}, after which that client is disconnected the
     * same way (a request sent meanwhile is refused with {@code SHUTTING_DOWN}). When the grace period ends,
     * streams and subroutine calls still running are answered {@code SHUTTING_DOWN} (a stream's subroutine
     * sees itself cancelled) and transfers still running are cut: an upload leaves no file behind, not even
     * its temporary. Returns when all that is done: within the grace period plus a few seconds. Idempotent and
     * thread-safe: a second or concurrent call waits for the first. An interrupt skips what is left of the
     * grace period.
     */
    @Override
    public void close() {
        server.close();
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Protocol.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("a subroutine name must have 1 to " + Protocol.MAX_NAME_BYTES
                    + " bytes of UTF-8");
        }
        return name;
    }

    /** Configuration of a {@link Gateway}; every setter validates its argument. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private InetAddress bindAddress;
        private int maxPoolSize = DEFAULT_POOL_SIZE;
        private Path downloadDir = Path.of("downloads");
        /** Whether {@link #downloadDir} was called: only then does {@link #build()} refuse for its names. */
        private boolean downloadDirChosen;
        private boolean verbose;
        private int maxFrameSize = Protocol.DEFAULT_MAX_FRAME_SIZE;
        private ThreadMode threadMode = ThreadMode.AUTO;
        private int backlog = 512;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private final List<Path> shares = new ArrayList<>();
        private int maxFilesPerQuery = 100_000;
        private SecurityOptions<ServerTls> security = SecurityOptions.none();
        private boolean allowRemoteShutdown = false;
        private boolean allowUploads = true;
        private int maxArgsSize = DEFAULT_MAX_ARGS_SIZE;
        private int idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
        private int keepaliveIntervalMillis = DEFAULT_KEEPALIVE_INTERVAL_MILLIS;
        private int maxRegexLength = DEFAULT_MAX_REGEX_LENGTH;
        private Duration shutdownGracePeriod = Duration.ofMillis(DEFAULT_SHUTDOWN_GRACE_MILLIS);
        private Duration resumableUploadRetention = DEFAULT_RESUMABLE_UPLOAD_RETENTION;

        private Builder() {
        }

        /** The port to listen on (default 1857); 0 picks a free one, see {@link Gateway#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The local address to listen on; default all interfaces, as pynetwork. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        /**
         * How many handlers (connected clients) may live at once; default 5, as pynetwork. A connection takes
         * its slot once its handshake succeeded; handshakes in progress are capped apart, at max(64, 4 x this)
         * at once and 8 per remote address, beyond which a connection is refused at once.
         */
        public Builder maxPoolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("maxPoolSize must be at least 1, got " + size);
            }
            this.maxPoolSize = size;
            return this;
        }

        /**
         * Where files sent by controllers land (default {@code ./downloads}); it must not lie inside a
         * share nor contain one (checked by {@link #build()}).
         */
        public Builder downloadDir(Path dir) {
            this.downloadDir = Objects.requireNonNull(dir, "downloadDir");
            this.downloadDirChosen = true;
            return this;
        }

        /** Log progress at INFO (pynetwork's {@code verbose}); otherwise at DEBUG. */
        public Builder verbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        /** The largest frame body accepted or sent (default 16 MiB); larger frames close the connection. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = Checks.maxFrameSize(bytes);
            return this;
        }

        /** Platform or virtual threads for handlers; default {@link ThreadMode#AUTO}. */
        public Builder threadMode(ThreadMode mode) {
            this.threadMode = Objects.requireNonNull(mode, "threadMode");
            return this;
        }

        /** The listen backlog: connections the kernel queues before accept (default 512). */
        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be at least 1");
            }
            this.backlog = backlog;
            return this;
        }

        /**
         * How long a new connection may take for its whole handshake — the TLS handshake, its hello and
         * the shared-secret proof (default 10 s); a connection that stays silent, or trickles bytes, is
         * closed then. It holds no pool slot meanwhile (it counts against the handshake caps, see
         * {@link #maxPoolSize}). The handshake runs on the connection's own thread, never the acceptor's.
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Checks.timeout(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * Shares {@code folder} (and everything below it) for download. Clients name it by its
         * absolute path or name files relative to it; nothing outside a share is ever served.
         * Call once per folder; with no share, downloads are refused. Shares are read-only: the
         * gateway writes only into its download dir, which {@link #build()} refuses inside a share.
         */
        public Builder share(Path folder) {
            Objects.requireNonNull(folder, "folder");
            if (!java.nio.file.Files.isDirectory(folder)) {
                throw new IllegalArgumentException("cannot share " + folder + ": not a directory");
            }
            shares.add(folder);
            return this;
        }

        /**
         * Serves over TLS with this certificate (see {@link TlsConfig#server()}); default plain TCP. The
         * files are read now: a missing file, a wrong password or a key that does not match its
         * certificate fails here with an IllegalArgumentException. Plain clients are refused with a
         * message saying the gateway needs TLS.
         */
        public Builder tls(TlsConfig.Server config) {
            this.security = security.withTls(config, TlsConfig.Server::load);
            return this;
        }

        /**
         * Requires every client to prove it knows this secret before any request is served, and proves
         * it back (docs/PROTOCOL.md: a challenge/response with HMAC-SHA256 over fresh nonces; the secret
         * never travels). At least 16 bytes; 32 random bytes are recommended. The array is copied.
         * Without TLS, authentication does not protect what follows the handshake: use both.
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

        /**
         * Whether a client may stop the gateway with {@code closeGateway()} (default false: a gateway is
         * stopped by its own process; pynetwork let any client stop it, which {@code true} restores). When
         * false, the request fails with {@link ErrorCode#FORBIDDEN} and the gateway keeps running.
         */
        public Builder allowRemoteShutdown(boolean allow) {
            this.allowRemoteShutdown = allow;
            return this;
        }

        /**
         * Whether clients may upload files into the download dir (default true). When false, every
         * uploaded file is refused with {@link ErrorCode#FORBIDDEN} and nothing is written.
         */
        public Builder allowUploads(boolean allow) {
            this.allowUploads = allow;
            return this;
        }

        /**
         * The most bytes of encoded arguments one call may carry (default 1 MiB). Larger ones are
         * refused with {@link ErrorCode#LIMIT_EXCEEDED} before they are decoded; the client stays usable.
         */
        public Builder maxArgsSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxArgsSize must be at least 1 byte, got " + bytes);
            }
            this.maxArgsSize = bytes;
            return this;
        }

        /**
         * How long a connection may wait for its next request — no request or stream in progress —
         * before the gateway closes it and frees its pool slot (default 10 minutes; checked a few times
         * per timeout, so it closes within a quarter of it, at most a second, after the timeout);
         * {@link Duration#ZERO} never closes. The client learns it at its next call
         * ({@link ErrorCode#IDLE_TIMEOUT}). The same timeout ends a connection whose client stopped
         * sending inside a request, or stopped reading what the gateway sends, for that long.
         *
         * <p>This is how a gateway notices a dead controller: live controllers ping idle connections
         * every {@link Controller.Builder#keepaliveInterval} (default 30 s), so an idle timeout of a few
         * of those intervals closes only the connections of controllers that are gone.
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeoutMillis = Checks.timeoutOrZero(timeout, "idleTimeout");
            return this;
        }

        /**
         * While a request runs long (a batch or send subroutine working, a stream whose subroutine is
         * quiet), the gateway sends the client a keepalive frame whenever it has sent nothing for this
         * long (default 10 s; {@link Duration#ZERO} never), so the controller's
         * {@link Controller.Builder#stallTimeout} tells a slow subroutine from a dead gateway. Keep it
         * well below the controllers' stall timeout.
         */
        public Builder keepaliveInterval(Duration interval) {
            this.keepaliveIntervalMillis = Checks.timeoutOrZero(interval, "keepaliveInterval");
            return this;
        }

        /**
         * The longest regex a download query may carry, in characters (default 1,000); longer ones are
         * refused with {@link ErrorCode#BAD_ARGUMENTS}. (Matching is bounded per file name as well.)
         */
        public Builder maxRegexLength(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("maxRegexLength must be at least 1, got " + chars);
            }
            this.maxRegexLength = chars;
            return this;
        }

        /**
         * How long {@link Gateway#close()} (and a client's {@code closeGateway()}) lets requests already in
         * flight finish — a batch or send call, a file batch, an upload, a stream — before it ends them
         * (default 5 s, at most 1 hour). New connections are refused and idle clients disconnected at once
         * either way. A stream, which may never end, runs until the grace period is over and is then ended
         * with {@link ErrorCode#SHUTTING_DOWN}, its subroutine cancelled. A file transfer is one operation
         * of many requests: its later requests are served too, and its connection is not taken for idle
         * in a short pause between them (at least a second, longer after slow requests), so a transfer
         * that ended just before the close holds the close that long. {@link Duration#ZERO} cuts every
         * connection at once.
         */
        public Builder shutdownGracePeriod(Duration grace) {
            Objects.requireNonNull(grace, "shutdownGracePeriod");
            if (grace.isNegative() || grace.compareTo(MAX_SHUTDOWN_GRACE) > 0) {
                throw new IllegalArgumentException("shutdownGracePeriod must be from Duration.ZERO (cut at once) to "
                        + MAX_SHUTDOWN_GRACE + ", got " + grace);
            }
            this.shutdownGracePeriod = grace;
            return this;
        }

        /**
         * How long the pieces of an interrupted striped upload (a swarm's large file) are kept in the download
         * dir after their last progress, so that the upload resumes where it stopped when its connections, or
         * this gateway's process, come back (default 1 hour). Pieces are hidden temporary files, never visible
         * under the file's name; those older than this are removed when the gateway starts and, while it runs,
         * within a quarter of it (at most a minute) after they expire. {@link Duration#ZERO} keeps nothing: an
         * upload's pieces go when its last connection closes, and a start removes every temporary file.
         */
        public Builder resumableUploadRetention(Duration retention) {
            Objects.requireNonNull(retention, "resumableUploadRetention");
            if (retention.isNegative() || retention.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException("resumableUploadRetention must be from ZERO to 365 days, got "
                        + retention);
            }
            this.resumableUploadRetention = retention;
            return this;
        }

        /** The most files one download query may select (default 100,000). */
        public Builder maxFilesPerQuery(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxFilesPerQuery must be at least 1, got " + max);
            }
            this.maxFilesPerQuery = max;
            return this;
        }

        /**
         * A gateway with this configuration, not yet started.
         *
         * @throws IllegalArgumentException if the download dir lies inside a share or contains one:
         *     shares are read-only because the gateway writes only into its download dir
         * @throws NameEncodingException if it shares folders, or takes uploads into a download dir given, and this
         *     JVM does not map file names to UTF-8 (its locale is not UTF-8, e.g. LC_ALL=POSIX): names would be
         *     changed; the message says to run it with a UTF-8 locale such as LC_ALL=C.UTF-8
         */
        public Gateway build() {
            Checks.downloadDirOutsideShares(downloadDir, shares);
            if (!shares.isEmpty() || downloadDirChosen && allowUploads) {
                // Refused here, before a port is bound: in such a JVM every name that is not ASCII would be
                // served or stored changed. A gateway of subroutines alone has no file names to get wrong (its
                // default download folder answers each upload with the reason instead).
                NameEncoding.requireUtf8("a gateway that shares folders or takes uploads");
            }
            return new Gateway(new GatewayConfig(
                    new GatewayConfig.Listening(port, bindAddress, backlog),
                    new GatewayConfig.Limits(maxPoolSize, maxFrameSize, maxArgsSize, maxRegexLength, maxFilesPerQuery),
                    new GatewayConfig.Files(shares, downloadDir, allowUploads, resumableUploadRetention),
                    security,
                    new GatewayConfig.Liveness((int) handshakeTimeout.toMillis(), idleTimeoutMillis,
                            keepaliveIntervalMillis),
                    new GatewayConfig.Shutdown(shutdownGracePeriod, allowRemoteShutdown),
                    threadMode, verbose));
        }
    }
}
