package dev.swarmnet.faults;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Bytes;
import dev.swarmnet.Client;
import dev.swarmnet.ConnectionStalledException;
import dev.swarmnet.Controller;
import dev.swarmnet.FileFailure;
import dev.swarmnet.Gateway;
import dev.swarmnet.SendSubroutine;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.TransferListener;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.Background;
import dev.swarmnet.support.Closing;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.testkit.Direction;
import dev.swarmnet.testkit.ProxiedConnection;
import dev.swarmnet.testkit.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The shared fixture of the fault matrix: a gateway on loopback (pool 16, keepalive frames every 50 ms, a share
 * and an inbox) with subroutines that run a test hook in the middle of each call, a {@link TcpProxy} in front of
 * it, controllers that dial the proxy, the test files, and the checks every cell ends with. One per test, made in
 * {@code @BeforeEach} with the test's {@code @TempDir} and closed in {@code @AfterEach}.
 */
final class FaultBench implements AutoCloseable {
    static final String HOST = TestGateway.HOST;
    static final int KIB = 1024;
    static final int MIB = 1024 * 1024;

    /** {@link Fault#DELAY}: added each way. */
    static final Duration LATENCY = Duration.ofMillis(20);
    /** {@link Fault#THROTTLE}: per connection and direction. */
    static final long THROTTLE = 5_000_000;
    /** The controllers' stall timeout in the {@link Fault#STALL} cells: short, so a stall ends quickly. */
    static final Duration STALL_TIMEOUT = Duration.ofMillis(500);
    /**
     * The controllers' stall timeout in the other cells: a backstop only, far above any pause a busy machine
     * makes, so a cell that expects success never fails for a false stall. A cut or corruption must be noticed as
     * such, long before it: those cells check that no failure mentions the stall timeout.
     */
    static final Duration BACKSTOP_STALL_TIMEOUT = Duration.ofSeconds(5);
    static final Duration GATEWAY_KEEPALIVE = Duration.ofMillis(50);
    /** How long any operation may take before the cell fails as a hang (JUnit's own ceiling is 30 s). */
    static final Duration CEILING = Duration.ofSeconds(20);
    /** A stream window small enough that credit flows back several times during the test stream. */
    static final int STREAM_WINDOW = 128 * KIB;

    /** Stream (n, k): chunks 0..n-1 of {@link #STREAM_CHUNK} bytes (see {@link #chunk}); the hook runs before chunk k. */
    static final String STREAM = "count-hooked";
    /** Batch: runs the hook, then returns positional argument 0 (a byte[]), like TestGateway's echo. */
    static final String BATCH = "echo-hooked";
    /** Send: runs the hook, then returns the buffer's length, like TestGateway's size. */
    static final String SEND = "size-hooked";
    static final int STREAM_CHUNK = 256;
    /** A client hello without authentication: magic, version, flags, ext_len 0. */
    static final long CLIENT_HELLO = 8;

    /** The striped file: several stripes of 1 MiB, so every connection of a swarm of 4 carries one. */
    static final String BIG = "m-big.bin";
    static final int BIG_SIZE = 3 * MIB + 12_345;
    private static final long BASE_MTIME_MILLIS = 1_600_000_000_123L;

    /** Work the gateway's hooked subroutines run mid-call. */
    @FunctionalInterface
    interface Hook {
        void run() throws Exception;
    }

    private final Path root;
    private final Gateway gateway;
    private final TcpProxy proxy;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private volatile Hook hook = () -> { };
    private long bytesBeforeBig;

    FaultBench(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(data());
        Files.createDirectories(inbox());
        gateway = TestGateway.loopbackBuilder(0, b -> b.maxPoolSize(16).keepaliveInterval(GATEWAY_KEEPALIVE)
                .share(share()).downloadDir(inbox())).build();
        registerHooked(gateway);
        gateway.start(false);
        proxy = TcpProxy.builder().target(HOST, gateway.port()).build();
    }

    Gateway gateway() {
        return gateway;
    }

    TcpProxy proxy() {
        return proxy;
    }

    Path share() {
        return root.resolve("share");
    }

    /** The folder the transfers move: {@code share/data}, named "data" in queries. */
    Path data() {
        return share().resolve("data");
    }

    /** The gateway's download dir; uploads land in {@code inbox/up}. */
    Path inbox() {
        return root.resolve("inbox");
    }

    /** Where the controllers download to. */
    Path down() {
        return root.resolve("down");
    }

    /** The hook the next hooked call runs on the gateway, mid-call. */
    void onMidCall(Hook next) {
        hook = next;
    }

    // ---------------------------------------------------------------- controllers and the link

    /**
     * A controller that dials the proxy: stall timeout per {@link #STALL_TIMEOUT} / {@link #BACKSTOP_STALL_TIMEOUT},
     * no keepalive pings (they would add bytes the cells count on, and a ping could take a corrupted byte). A
     * single client's transfer does not reconnect: the matrix shows what one connection alone does with each
     * fault (its reconnecting is ReconnectTest's and FaultTest's); a swarm's lanes reconnect as always.
     */
    Controller controller(Fault fault) {
        Controller c = Controller.builder().gateway(HOST, proxy.port()).downloadDir(down())
                .reconnectWindow(Duration.ZERO)
                .stallTimeout(fault == Fault.STALL ? STALL_TIMEOUT : BACKSTOP_STALL_TIMEOUT)
                .keepaliveInterval(Duration.ZERO).streamWindow(STREAM_WINDOW).build();
        closeables.push(c);
        return c;
    }

    /** Closed (after the link is healed) by {@link #assertGatewayRecovers()}, before the controllers. */
    <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.push(closeable);
        return closeable;
    }

    /** Applies the faults that shape the link from the start: {@link Fault#DELAY} and {@link Fault#THROTTLE}. */
    void shape(Fault fault) {
        if (fault == Fault.DELAY) {
            proxy.setLatency(LATENCY);
        } else if (fault == Fault.THROTTLE) {
            proxy.setBandwidth(THROTTLE);
        }
    }

    /** Resumes, un-delays and un-throttles every connection: the network is healthy again. */
    void heal() {
        proxy.stallAll(false);
        proxy.setLatency(Duration.ZERO);
        proxy.setBandwidth(TcpProxy.UNLIMITED);
    }

    /** The newest connection through the proxy (the one just opened). */
    ProxiedConnection newestConnection() {
        List<ProxiedConnection> open = proxy.connections();
        assertThat(open).as("connections through the proxy").isNotEmpty();
        return open.get(open.size() - 1);
    }

    /**
     * Waits until {@code connection} has forwarded the client's hello (8 bytes without authentication; getClient()
     * returns once it is written, not delivered), so the next byte up is the first of a request.
     */
    ProxiedConnection afterClientHello(ProxiedConnection connection) {
        eventually().until(() -> connection.bytesForwarded(Direction.UPSTREAM) >= CLIENT_HELLO);
        assertThat(connection.bytesForwarded(Direction.UPSTREAM)).as("only the hello went up").isEqualTo(CLIENT_HELLO);
        return connection;
    }

    /**
     * Waits until the proxy has forwarded {@code bytes} in {@code direction} (over all connections), polling
     * often, and checks the operation is still running: the fault that follows lands mid-operation.
     */
    void awaitForwarded(Direction direction, long bytes, CompletableFuture<?> operation) {
        await().atMost(CEILING).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .until(() -> proxy.bytesForwarded(direction) >= bytes || operation.isDone());
        assertThat(operation).as("the operation must still be running when the fault comes (%d bytes %s);"
                + " if this fails, the cell needs more data or a lower pre-fault bandwidth", bytes, direction)
                .isNotDone();
    }

    // ---------------------------------------------------------------- outcomes

    /** How an operation ended: a value or an exception, never a hang (that fails the cell). */
    record Outcome<T>(T value, Throwable error) {
        T valueOrFail() {
            if (error != null) {
                throw new AssertionError("expected a result, got " + error, error);
            }
            return value;
        }

        Throwable errorOrFail() {
            if (error == null) {
                fail("expected a clear error, but the operation returned " + value);
            }
            return error;
        }
    }

    /** Starts {@code operation} on its own thread. */
    static <T> CompletableFuture<T> start(String name, Callable<T> operation) {
        return Background.call("fault-matrix-" + name, operation);
    }

    /** Waits for an operation with the {@link #CEILING}: past it, the cell fails as a hang. */
    static <T> Outcome<T> outcome(CompletableFuture<T> operation) throws InterruptedException {
        try {
            return new Outcome<>(operation.get(CEILING.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome<>(null, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the operation did not end within " + CEILING + ": a hang");
        }
    }

    static <T> Outcome<T> run(String name, Callable<T> operation) throws InterruptedException {
        return outcome(start(name, operation));
    }

    /** A typed swarmnet error with a message that says something. */
    static void assertClearError(Throwable error) {
        assertThat(error).as("a swarmnet error, not a bare exception").isInstanceOf(SwarmnetException.class);
        assertThat(error.getMessage()).as("the error's message").isNotBlank().doesNotEndWith(": null");
    }

    /** A clear error that is not the stall watchdog's: the fault itself was noticed. */
    static void assertClearErrorNotAStall(Throwable error) {
        assertClearError(error);
        assertThat(error).as("noticed as what it is, not rescued by the stall timeout")
                .isNotInstanceOf(ConnectionStalledException.class);
    }

    /** The stall watchdog's error, saying which setting fired. */
    static void assertStalled(Throwable error) {
        assertThat(error).isInstanceOf(ConnectionStalledException.class);
        assertThat(error.getMessage()).contains("stallTimeout");
    }

    /** One line per cell in the test output, for the matrix table. */
    static void record(String operation, Object fault, String outcome) {
        System.out.printf("[fault-matrix] %-15s %-14s -> %s%n", operation, fault, outcome);
    }

    static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    static String describe(TransferReport report) {
        if (report.failures().isEmpty()) {
            return "ok, " + report.files() + " files, " + report.bytes() + " bytes";
        }
        FileFailure first = report.failures().get(0);
        return report.files() + " files ok, " + report.failures().size() + " failed (e.g. " + first.path() + ": "
                + first.reason() + ")";
    }

    // ---------------------------------------------------------------- afterwards

    /**
     * Heals the link, closes what the cell opened, then checks the gateway: a new client pings it directly and
     * through the proxy, and once every client is closed no handler is left holding a pool slot.
     */
    void assertGatewayRecovers() throws Exception {
        heal();
        closeAll();
        for (int port : new int[] {gateway.port(), proxy.port()}) {
            try (Controller fresh = Controller.builder().gateway(HOST, port).keepaliveInterval(Duration.ZERO).build();
                    Client client = fresh.getClient()) {
                assertThat(client.ping("after the fault")).isEqualTo("after the fault");
            }
        }
        eventually().until(gateway::activeHandlers, n -> n == 0);
    }

    private void closeAll() throws Exception {
        Closing.closeAll(closeables);
    }

    /** The gateway first: that ends every connection, so nothing else can block while closing. */
    @Override
    public void close() throws Exception {
        gateway.close();
        proxy.close();
        closeAll();
    }

    // ---------------------------------------------------------------- subroutines

    private void registerHooked(Gateway gw) {
        gw.addSubroutine(STREAM, (StreamSubroutine) (call, out) -> {
            long n = call.arg(0, Long.class);
            long k = call.arg(1, Long.class);
            for (long i = 0; i < n; i++) {
                if (i == k) {
                    hook.run();
                }
                if (!out.emit(i, chunk(i))) {
                    return;
                }
            }
        });
        gw.addSubroutine(BATCH, (BatchSubroutine) call -> {
            byte[] echo = call.arg(0, byte[].class);
            hook.run();
            return echo;
        });
        gw.addSubroutine(SEND, (SendSubroutine) call -> {
            hook.run();
            return call.buffer().length;
        });
    }

    /** Chunk {@code ident} of the test stream: its ident, then bytes that depend on it. */
    static byte[] chunk(long ident) {
        byte[] bytes = new byte[STREAM_CHUNK];
        System.arraycopy(Bytes.longToBytes(ident), 0, bytes, 0, 8);
        for (int i = 8; i < bytes.length; i++) {
            bytes[i] = (byte) (ident * 31 + i);
        }
        return bytes;
    }

    // ---------------------------------------------------------------- files

    /**
     * The transfers' folder, sorted by name so the order on the wire is known: 32 small files (a*, b*), an empty
     * one, then the striped file {@link #BIG}. Deterministic contents, distinct mtimes.
     */
    void writeTestFiles() throws IOException {
        int written = 0;
        for (int i = 0; i < 24; i++) {
            bytesBeforeBig += write(String.format("a%02d.bin", i), KIB + i * 1_500, ++written);
        }
        for (int i = 0; i < 8; i++) {
            bytesBeforeBig += write(String.format("b%02d.bin", i), 8 * KIB + i * 2_000, ++written);
        }
        bytesBeforeBig += write("e-empty.bin", 0, ++written);
        write(BIG, BIG_SIZE, ++written);
    }

    /**
     * Body bytes of the small files, which come before {@link #BIG} on the wire (a transfer deals its files out
     * in name order).
     */
    long bytesBeforeBig() {
        return bytesBeforeBig;
    }

    /** The test files, sorted by name. */
    List<Path> dataFiles() throws IOException {
        try (Stream<Path> list = Files.list(data())) {
            return list.sorted().toList();
        }
    }

    private int write(String name, int size, int index) throws IOException {
        byte[] bytes = new byte[size];
        new Random(name.hashCode() * 31L + size).nextBytes(bytes);
        Path file = data().resolve(name);
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.fromMillis(BASE_MTIME_MILLIS + 1_001L * index));
        return size;
    }

    /** Counts how often each file was started: more than once means it was sent again. */
    static final class Recorder implements TransferListener {
        final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();

        @Override
        public void fileStarted(String path, long size) {
            started.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        }

        int restarts() {
            return started.values().stream().mapToInt(AtomicInteger::get).map(n -> n - 1).sum();
        }

        List<String> restarted() {
            List<String> again = new ArrayList<>();
            started.forEach((p, n) -> {
                if (n.get() > 1) {
                    again.add(p);
                }
            });
            return again;
        }
    }
}
