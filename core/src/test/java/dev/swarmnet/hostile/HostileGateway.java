package dev.swarmnet.hostile;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Bytes;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.Gateway;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real in-process gateway for the hostile-input tests, talked to through raw sockets. It has a pool of
 * {@link #POOL} handlers, a small maximum frame size, a share and a download folder with links that lead out,
 * and the common subroutines of {@link TestGateway} plus {@link #ARGS} and {@link #STRINGS}.
 *
 * <p>After every test, whatever the test did, it checks that the gateway came through: every raw connection
 * is closed, all handlers are gone, a full pool of ordinary clients can connect at once and be served (a ping
 * and a batch call), and the whole folder tree (share, download folder, the folder outside) is byte for byte
 * what it was before the test.
 */
final class HostileGateway implements BeforeEachCallback, AfterEachCallback {
    static final int POOL = 2;
    static final int MAX_FRAME = 64 * 1024;
    /** Batch: converts every positional and keyword argument to Object (a subroutine reading all it gets). */
    static final String ARGS = "args";
    /** Batch: positional argument 0 as a String[]. */
    static final String STRINGS = "strings";

    private final Consumer<Gateway.Builder> config;
    private TreeSetUp extraTree = share -> { };
    private final List<RawConnection> raws = new ArrayList<>();
    private final Set<RawConnection> closedByGateway = new HashSet<>();
    private TestGateway gateway;
    private Path root;
    private SortedMap<String, String> before;

    private HostileGateway(Consumer<Gateway.Builder> config) {
        this.config = config;
    }

    static HostileGateway standard() {
        return new HostileGateway(b -> { });
    }

    static HostileGateway configured(Consumer<Gateway.Builder> config) {
        return new HostileGateway(config);
    }

    /** Also creates what {@code setUp} makes in the share, before the "before" snapshot is taken. */
    HostileGateway withShared(TreeSetUp setUp) {
        this.extraTree = setUp;
        return this;
    }

    /** Creates files under the share. */
    @FunctionalInterface
    interface TreeSetUp {
        void create(Path share) throws IOException;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        root = Files.createTempDirectory("swarmnet-hostile").toRealPath();
        Path share = share();
        write(share.resolve("a.txt"), "alpha");
        write(share.resolve("logs/b.log"), "bravo");
        write(share.resolve("logs/deep/c.log"), "charlie");
        write(outside().resolve("secret.txt"), "the gateway's secret");
        Files.createSymbolicLink(share.resolve("link-in"), share.resolve("a.txt"));
        Files.createSymbolicLink(share.resolve("link-out"), outside());
        Files.createSymbolicLink(share.resolve("link-out-file"), outside().resolve("secret.txt"));
        Files.createSymbolicLink(share.resolve("chain"), share.resolve("link-out")); // a link to a link out
        Files.createSymbolicLink(share.resolve("dangling"), root.resolve("nowhere"));
        Files.createSymbolicLink(share.resolve("loop-a"), share.resolve("loop-b"));
        Files.createSymbolicLink(share.resolve("loop-b"), share.resolve("loop-a"));
        Files.createDirectories(inbox().resolve("existing-dir"));
        write(inbox().resolve("kept.txt"), "kept");
        Files.createSymbolicLink(inbox().resolve("escape"), outside());
        extraTree.create(share);

        gateway = TestGateway.configured(b -> {
            b.maxPoolSize(POOL).maxFrameSize(MAX_FRAME).share(share).downloadDir(inbox());
            config.accept(b);
        });
        gateway.beforeEach(context);
        gateway.add(ARGS, (BatchSubroutine) call -> {
            for (int i = 0; i < call.argCount(); i++) {
                call.arg(i);
            }
            for (String name : call.kwargNames()) {
                call.kwarg(name, Object.class);
            }
            return Bytes.strToBytes("ok");
        });
        gateway.add(STRINGS, (BatchSubroutine) call -> Bytes.intToBytes(call.arg(0, String[].class).length));
        before = snapshot(root);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            for (RawConnection raw : raws) {
                raw.close();
            }
            gateway.awaitActiveHandlers(0);
            assertServesAFullPool();
            assertThat(snapshot(root)).as("nothing created, changed or removed in the share, the download folder"
                    + " or outside them").isEqualTo(before);
        } finally {
            gateway.afterEach(context);
            delete(root);
        }
    }

    /** A full pool of ordinary clients at once, each served: every slot was released. */
    private void assertServesAFullPool() throws IOException {
        Controller controller = gateway.controller();
        List<Client> clients = new ArrayList<>();
        try {
            for (int i = 0; i < POOL; i++) {
                clients.add(controller.getClient());
            }
            byte[] payload = Bytes.strToBytes("still serving");
            for (Client c : clients) {
                assertThat(c.ping("after the hostile client")).isEqualTo("after the hostile client");
                assertThat(c.getSubroutineBatch(TestGateway.ECHO, Args.of(payload))).isEqualTo(payload);
            }
        } finally {
            for (Client c : clients) {
                c.close();
            }
        }
    }

    int port() {
        return gateway.port();
    }

    Gateway gateway() {
        return gateway.gateway();
    }

    Path root() {
        return root;
    }

    Path share() {
        return root.resolve("share");
    }

    Path outside() {
        return root.resolve("outside");
    }

    /** The gateway's download folder. */
    Path inbox() {
        return root.resolve("inbox");
    }

    /** A raw connection whose gateway hello was read (status ready); nothing sent yet. */
    RawConnection connect() throws IOException {
        RawConnection raw = RawConnection.open(port());
        raws.add(raw);
        assertThat(raw.readHello()).isEqualTo(new RawConnection.Hello(RawConnection.MAGIC, RawConnection.VERSION,
                RawConnection.STATUS_READY, 0));
        return raw;
    }

    /** A raw connection after a correct handshake (its AUTH_OK read). */
    RawConnection ready() throws IOException {
        RawConnection raw = connect();
        raw.writeClientHelloAndAwaitAdmission();
        return raw;
    }

    /** The next frame, which must exist and be of {@code type}. */
    static Frame expect(RawConnection raw, int type) throws IOException {
        Frame f = raw.readFrame();
        assertThat(f).as("a frame of type 0x%s", Integer.toHexString(type)).isNotNull();
        if (f.type() == RawConnection.ERROR && type != RawConnection.ERROR) {
            throw new AssertionError("expected frame type 0x" + Integer.toHexString(type) + ", got ERROR "
                    + ErrorCode.fromWire(f.errorCode()) + ": " + f.errorMessage());
        }
        assertThat(f.type()).as("frame type").isEqualTo(type);
        return f;
    }

    /** The next frame is an ERROR with {@code code} and a message; returns the message. */
    static String expectError(RawConnection raw, ErrorCode code) throws IOException {
        Frame f = expect(raw, RawConnection.ERROR);
        assertThat(ErrorCode.fromWire(f.errorCode())).as("error code; message: %s", f.errorMessage()).isEqualTo(code);
        assertThat(f.errorMessage()).as("the error says why").isNotBlank();
        return f.errorMessage();
    }

    /** An ERROR with {@code code}, then the gateway closes the connection and frees its slot. */
    void expectErrorThenClose(RawConnection raw, ErrorCode code) throws IOException {
        expectError(raw, code);
        raw.shutdownOutput(); // the gateway drains our input until FIN (or 1 s): no need to make it wait
        expectClosedByGateway(raw);
    }

    /** The gateway closes the connection (no further frame) and frees its slot while this side is still open. */
    void expectClosedByGateway(RawConnection raw) throws IOException {
        Frame extra = raw.readFrame();
        assertThat(extra).as("no frame after the end (got type %s)",
                extra == null ? "-" : Integer.toHexString(extra.type())).isNull();
        assertThat(raw.isClosedByPeer()).isTrue();
        closedByGateway.add(raw);
        int stillOpen = 0;
        for (RawConnection r : raws) {
            stillOpen += closedByGateway.contains(r) ? 0 : 1;
        }
        int open = stillOpen;
        eventually().until(gateway.gateway()::activeHandlers, active -> active <= open);
    }

    /** Waits until exactly {@code n} handlers hold a pool slot. */
    void awaitActiveHandlers(int n) {
        gateway.awaitActiveHandlers(n);
    }

    /** Every path under {@code dir} (links not followed) with what it is: a link's target, a file's SHA-256. */
    static SortedMap<String, String> snapshot(Path dir) throws IOException {
        SortedMap<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Iterator<Path> it = walk.iterator(); it.hasNext(); ) {
                Path p = it.next();
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what = a.isSymbolicLink() ? "link -> " + Files.readSymbolicLink(p)
                        : a.isDirectory() ? "dir"
                        : a.isRegularFile() ? "file " + sha256(p) : "other";
                entries.put(dir.relativize(p).toString(), what);
            }
        }
        return entries;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
