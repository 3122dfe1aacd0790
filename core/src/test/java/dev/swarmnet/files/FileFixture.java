package dev.swarmnet.files;


import dev.swarmnet.Controller;
import dev.swarmnet.Gateway;
import dev.swarmnet.TransferListener;
import dev.swarmnet.support.Closing;
import dev.swarmnet.support.FileTrees;
import dev.swarmnet.support.TreeBuilder;
import dev.swarmnet.testkit.TcpProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The file-transfer tests' {@link Recorder} and tree helpers, and a manual set-up (gateways, controllers and
 * proxies on loopback, closed by {@link #close()}) for the tests whose lifecycle the
 * {@link dev.swarmnet.support.FileGateway} extension does not fit: a gateway shared by a whole class, or a
 * folder tree too deep for an ordinary recursive delete. Prefer the extension elsewhere.
 *
 * <p>Create one with the test's {@code @TempDir}, close it when the test (or class) is done.
 */
final class FileFixture implements AutoCloseable {
    /** Suffix of the library's temporary files (see UploadTarget.isTemporary). */
    static final String TEMPORARY_SUFFIX = FileTrees.TEMPORARY_SUFFIX;
    static final long BASE_MTIME_MILLIS = TreeBuilder.BASE_MTIME_MILLIS;
    static final int KIB = TreeBuilder.KIB;
    static final int MIB = TreeBuilder.MIB;

    private final Path root;
    private final Deque<AutoCloseable> gateways = new ArrayDeque<>();
    private final Deque<AutoCloseable> others = new ArrayDeque<>();
    private final TreeBuilder tree = new TreeBuilder();

    FileFixture(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The shared folder the tests' gateways serve. */
    Path share() {
        return root.resolve("share");
    }

    /** The usual data folder inside the share. */
    Path data() {
        return share().resolve("data");
    }

    /** Where the tests' controllers download to. */
    Path down() {
        return root.resolve("down");
    }

    /** The entries of {@code dir}, sorted by name. */
    static List<Path> sortedFiles(Path dir) throws IOException {
        try (var listing = Files.list(dir)) {
            return listing.sorted().toList();
        }
    }

    /** {@code root/first/more...}, not created. */
    Path path(String first, String... more) {
        return root.resolve(Path.of(first, more));
    }

    // ---------------------------------------------------------------- trees

    /** See {@link TreeBuilder#write(Path, String, int)}. */
    Path write(Path dir, String name, int size) {
        return tree.write(dir, name, size);
    }

    /** See {@link TreeBuilder#write(Path, byte[])}. */
    Path write(Path file, byte[] bytes) {
        return tree.write(file, bytes);
    }

    /** See {@link TreeBuilder#contents}. */
    static byte[] contents(String name, int size) {
        return TreeBuilder.contents(name, size);
    }

    /** See {@link TreeBuilder#writeInPlace}. */
    static String writeInPlace(Path file, long size, long seed) throws IOException {
        return TreeBuilder.writeInPlace(file, size, seed);
    }

    /** See {@link TreeBuilder#writeLarge}. */
    String writeLarge(Path file, long size, long seed) throws IOException {
        return tree.writeLarge(file, size, seed);
    }

    /** See {@link TreeBuilder#manyFiles}. */
    List<Path> manyFiles(Path dir, String prefix, int count, int maxSize) {
        return tree.manyFiles(dir, prefix, count, maxSize);
    }

    /** Copies {@code from} to {@code to} recursively, keeping mtimes (a faithful copy, as rsync -t makes). */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    // ---------------------------------------------------------------- endpoints

    /**
     * A started gateway on a free loopback port, pool of 10, uploads into {@code root/gateway-inbox} unless
     * {@code config} says otherwise. Closed after the test (before anything else).
     */
    Gateway gateway(Consumer<Gateway.Builder> config) throws IOException {
        Gateway.Builder b = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).maxPoolSize(10)
                .downloadDir(root.resolve("gateway-inbox"));
        config.accept(b);
        Gateway gw = b.build();
        gateways.push(gw);
        gw.start(false);
        return gw;
    }

    /** A controller for {@code 127.0.0.1:port} downloading into {@code downloadDir}; closed after the test. */
    Controller controller(int port, Path downloadDir) {
        return controller(port, downloadDir, b -> { });
    }

    /** As {@link #controller(int, Path)}, configured further by {@code config}. */
    Controller controller(int port, Path downloadDir, Consumer<Controller.Builder> config) {
        Controller.Builder b = Controller.builder().gateway("127.0.0.1", port).downloadDir(downloadDir);
        config.accept(b);
        Controller c = b.build();
        others.push(c);
        return c;
    }

    /** A controller for {@code gw} downloading into {@code downloadDir}. */
    Controller controller(Gateway gw, Path downloadDir) {
        return controller(gw.port(), downloadDir);
    }

    /** A plain TCP proxy in front of {@code gw}, closed after the test. */
    TcpProxy proxy(Gateway gw) throws IOException {
        return proxy(gw, TcpProxy.UNLIMITED);
    }

    /** A TCP proxy in front of {@code gw} with a per-connection, per-direction bandwidth cap. */
    TcpProxy proxy(Gateway gw, long bytesPerSecond) throws IOException {
        TcpProxy proxy = TcpProxy.builder().target("127.0.0.1", gw.port()).bandwidth(bytesPerSecond).build();
        others.push(proxy);
        return proxy;
    }

    /** Gateways first: that ends every connection, so nothing else can block while closing. */
    @Override
    public void close() throws Exception {
        Closing.closeAll(gateways, others);
    }

    // ---------------------------------------------------------------- listener

    /**
     * A thread-safe TransferListener that records everything, and lets a test react to progress on the
     * transfer's own thread (so a fault is injected at a known point, without sleeping).
     */
    static class Recorder implements TransferListener {
        final AtomicInteger plannedCalls = new AtomicInteger();
        final AtomicInteger plannedFiles = new AtomicInteger(-1);
        final AtomicLong plannedBytes = new AtomicLong(-1);
        final AtomicLong bytesMoved = new AtomicLong();
        final AtomicInteger finishedOk = new AtomicInteger();
        final AtomicInteger finishedFailed = new AtomicInteger();
        final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();
        final Map<String, Long> startedSizes = new ConcurrentHashMap<>();
        /** "started path" / "finished path ok" events in the order they happened. */
        final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public void transferPlanned(int files, long bytes) {
            plannedCalls.incrementAndGet();
            plannedFiles.set(files);
            plannedBytes.set(bytes);
        }

        @Override
        public void fileStarted(String path, long size) {
            threads.add(Thread.currentThread().getName());
            started.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            startedSizes.put(path, size);
            events.add("started " + path);
            onStarted(path);
        }

        @Override
        public void bytesMoved(long count) {
            long total = bytesMoved.addAndGet(count);
            onBytes(total);
        }

        @Override
        public void fileFinished(String path, boolean ok) {
            finished.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            (ok ? finishedOk : finishedFailed).incrementAndGet();
            events.add("finished " + path + " " + ok);
            onFinished(path, ok);
        }

        /** Hook: runs on the transfer's thread when a file starts. */
        void onStarted(String path) {
        }

        /** Hook: runs on the transfer's thread with the running total of bytes moved. */
        void onBytes(long total) {
        }

        /** Hook: runs on the transfer's thread when a file finishes. */
        void onFinished(String path, boolean ok) {
        }

        /** How many fileStarted calls there were beyond one per file: each is a file sent again. */
        int restarts() {
            return started.values().stream().mapToInt(AtomicInteger::get).map(n -> n - 1).sum();
        }
    }
}
