package dev.swarmnet.support;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.Gateway;
import dev.swarmnet.testkit.TcpProxy;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for file-transfer tests: each test gets a temporary folder holding a share
 * ({@link #share()}), the gateway's download folder ({@link #inbox()}) and the controllers' download folder
 * ({@link #down()}), a started gateway on a free loopback port serving the one and receiving into the other,
 * controllers and clients for it, and the tree building of {@link TreeBuilder}. Everything is closed and the
 * folder deleted after the test; the extension's set-up runs before the test's own {@code @BeforeEach}.
 *
 * <pre>{@code @RegisterExtension final FileGateway fs = FileGateway.create();}</pre>
 */
public final class FileGateway implements BeforeEachCallback, AfterEachCallback {
    private final Consumer<Gateway.Builder> config;
    private final Deque<AutoCloseable> gateways = new ArrayDeque<>();
    private final Deque<AutoCloseable> others = new ArrayDeque<>();
    private TreeBuilder tree;
    private Path root;
    private Gateway gateway;
    private Controller controller;

    private FileGateway(Consumer<Gateway.Builder> config) {
        this.config = config;
    }

    /**
     * The folders, tree building and closing without a gateway of its own: for tests that start each of theirs
     * with {@link #gateway(Consumer)} (another pool size, a port to come back on, ...).
     */
    public static FileGateway withoutGateway() {
        return new FileGateway(null);
    }

    /** A gateway with a pool of 10 that serves {@link #share()} and receives into {@link #inbox()}. */
    public static FileGateway create() {
        return configured(b -> { });
    }

    /** As {@link #create()}, with the builder adjusted by {@code config} before the gateway is built. */
    public static FileGateway configured(Consumer<Gateway.Builder> config) {
        return new FileGateway(config);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        tree = new TreeBuilder();
        root = Files.createTempDirectory("swarmnet-files-");
        Files.createDirectories(share());
        gateway = config == null ? null : gateway(b -> {
            b.share(share());
            config.accept(b);
        });
    }

    /**
     * Gateways first: that ends every connection, so closing a controller or client cannot block even when a
     * failed test left one waiting inside an operation. Then the folder, whatever modes the test left in it.
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        controller = null;
        gateway = null;
        Path folder = root;
        Closing.closeAll(gateways, others, new ArrayDeque<AutoCloseable>(java.util.List.of(() -> delete(folder))));
    }

    /** The test's temporary folder: everything here lives in it. */
    public Path root() {
        return root;
    }

    /** {@code root/first/more...}, not created. */
    public Path path(String first, String... more) {
        return root.resolve(Path.of(first, more));
    }

    /** The folder the gateway shares (created). */
    public Path share() {
        return root.resolve("share");
    }

    /** The usual data folder inside the share (created when a file is written into it). */
    public Path data() {
        return share().resolve("data");
    }

    /** The gateway's download folder, where uploads arrive. */
    public Path inbox() {
        return root.resolve("inbox");
    }

    /** Where {@link #controller()}s download to. */
    public Path down() {
        return root.resolve("down");
    }

    /** The test's gateway (none for {@link #withoutGateway()}). */
    public Gateway gateway() {
        return gateway;
    }

    public int port() {
        return gateway.port();
    }

    /**
     * Another started gateway on a free loopback port with a pool of 10, receiving into {@link #inbox()}, then
     * adjusted by {@code config}: it shares nothing unless {@code config} gives it a folder (one share each, so
     * that a gateway given another folder serves only that one). Closed after the test.
     */
    public Gateway gateway(Consumer<Gateway.Builder> config) throws IOException {
        Gateway gw = TestGateway.loopbackBuilder(0, b -> {
            b.maxPoolSize(10).downloadDir(inbox());
            config.accept(b);
        }).build();
        gateways.push(gw);
        gw.start(false);
        return gw;
    }

    /** A controller for the gateway, downloading into {@link #down()}; closed after the test. */
    public Controller controller() {
        return controller(b -> { });
    }

    /** As {@link #controller()}, configured further by {@code config}. */
    public Controller controller(Consumer<Controller.Builder> config) {
        return controller(gateway, config);
    }

    /** A controller for {@code gw}, downloading into {@link #down()}; closed after the test. */
    public Controller controller(Gateway gw) {
        return controller(gw.port(), b -> { });
    }

    /** A controller for {@code gw}, downloading into {@link #down()} unless {@code config} says otherwise. */
    public Controller controller(Gateway gw, Consumer<Controller.Builder> config) {
        return controller(gw.port(), config);
    }

    /** A controller for the loopback {@code port} (a proxy's, as a rule), downloading into {@link #down()}. */
    public Controller controller(int port) {
        return controller(port, b -> { });
    }

    /** As {@link #controller(int)}, configured further by {@code config}. */
    public Controller controller(int port, Consumer<Controller.Builder> config) {
        Controller.Builder b = Controller.builder().gateway(TestGateway.HOST, port).downloadDir(down());
        config.accept(b);
        Controller c = b.build();
        others.push(c);
        return c;
    }

    /** A plain TCP proxy in front of {@code gw}, closed after the test (after the gateways). */
    public TcpProxy proxy(Gateway gw) throws IOException {
        return proxy(gw, TcpProxy.UNLIMITED);
    }

    /** A TCP proxy in front of {@code gw} with a per-connection, per-direction bandwidth cap. */
    public TcpProxy proxy(Gateway gw, long bytesPerSecond) throws IOException {
        TcpProxy proxy = TcpProxy.builder().target(TestGateway.HOST, gw.port()).bandwidth(bytesPerSecond).build();
        others.push(proxy);
        return proxy;
    }

    /** A new client of the gateway, from one controller shared by the test. */
    public Client client() throws IOException {
        if (controller == null) {
            controller = controller();
        }
        return controller.getClient();
    }

    /** The tree building of this test: distinct mtimes follow one another across all its files. */
    public TreeBuilder tree() {
        return tree;
    }

    /** See {@link TreeBuilder#write(Path, String, int)}. */
    public Path write(Path dir, String name, int size) {
        return tree.write(dir, name, size);
    }

    /** See {@link TreeBuilder#write(Path, byte[])}. */
    public Path write(Path file, byte[] bytes) {
        return tree.write(file, bytes);
    }

    /** See {@link TreeBuilder#writeLarge}. */
    public String writeLarge(Path file, long size, long seed) throws IOException {
        return tree.writeLarge(file, size, seed);
    }

    /** See {@link TreeBuilder#manyFiles}. */
    public java.util.List<Path> manyFiles(Path dir, String prefix, int count, int maxSize) {
        return tree.manyFiles(dir, prefix, count, maxSize);
    }

    /** Deletes {@code dir} and all below it, links not followed, first giving every folder back its owner's rwx. */
    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                ownerMayChange(d); // a folder of mode 0500 still lists, but its entries cannot be deleted
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof AccessDeniedException && Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    ownerMayChange(file); // a folder that could not even be listed
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void ownerMayChange(Path dir) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> ownerAll = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        if (!mode.containsAll(ownerAll)) {
            mode.addAll(ownerAll);
            Files.setPosixFilePermissions(dir, mode);
        }
    }
}
