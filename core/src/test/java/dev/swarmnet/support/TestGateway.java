package dev.swarmnet.support;

import static dev.swarmnet.support.Waits.eventually;

import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Bytes;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.Gateway;
import dev.swarmnet.SendSubroutine;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.Subroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that gives each test a running gateway on a free loopback port with the common
 * subroutines, and makes controllers and clients for it. Everything it made is closed after the test.
 *
 * <pre>{@code @RegisterExtension final TestGateway gw = TestGateway.standard();}</pre>
 */
public final class TestGateway implements BeforeEachCallback, AfterEachCallback {
    public static final String HOST = "127.0.0.1";

    /** Batch: returns positional argument 0 (a byte[]). */
    public static final String ECHO = "echo";
    /** Send: returns the buffer's length. */
    public static final String SIZE = "size";
    /**
     * Stream: emits chunks 0..n-1 (n = positional argument 0), each the 8 bytes of its ident. Keyword
     * {@code end}: "return" (default) returns after the last chunk, "negative" then emits ident -1,
     * "null" then emits null bytes.
     */
    public static final String COUNT = "count";

    private final Consumer<Gateway.Builder> config;
    private final Deque<AutoCloseable> made = new ArrayDeque<>();
    private Gateway gateway;
    private Controller controller;

    private TestGateway(Consumer<Gateway.Builder> config) {
        this.config = config;
    }

    /** A gateway with default settings. */
    public static TestGateway standard() {
        return new TestGateway(b -> { });
    }

    /** A gateway with settings adjusted by {@code config} (port and bind address are set for you). */
    public static TestGateway configured(Consumer<Gateway.Builder> config) {
        return new TestGateway(config);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        gateway = startGateway(config);
    }

    /**
     * Closes the gateway first: that ends every connection, so closing the clients afterwards cannot
     * block even if a failed test left one of them waiting inside an operation.
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        gateway.close();
        while (!made.isEmpty()) {
            made.pop().close();
        }
        controller = null;
    }

    /** Starts (non-blocking) a loopback gateway on a free port with the common subroutines. */
    public static Gateway startGateway(Consumer<Gateway.Builder> config) throws IOException {
        Gateway gw = loopbackBuilder(0, config).build();
        registerCommon(gw);
        gw.start(false);
        return gw;
    }

    /** A builder for a gateway on {@code port} of the loopback interface. */
    public static Gateway.Builder loopbackBuilder(int port, Consumer<Gateway.Builder> config) {
        Gateway.Builder b = Gateway.builder().port(port).bindAddress(InetAddress.getLoopbackAddress());
        config.accept(b);
        return b;
    }

    /** Registers {@link #ECHO}, {@link #SIZE} and {@link #COUNT}. */
    public static void registerCommon(Gateway gw) {
        gw.addSubroutine(ECHO, (BatchSubroutine) call -> call.arg(0, byte[].class));
        gw.addSubroutine(SIZE, (SendSubroutine) call -> call.buffer().length);
        gw.addSubroutine(COUNT, (StreamSubroutine) (call, out) -> {
            long n = call.arg(0, Long.class);
            for (long i = 0; i < n; i++) {
                if (!out.emit(i, Bytes.longToBytes(i))) {
                    return;
                }
            }
            switch (call.kwarg("end", String.class, "return")) {
                case "negative":
                    out.emit(-1, Bytes.longToBytes(-1));
                    break;
                case "null":
                    out.emit(n, null);
                    break;
                default:
                    break;
            }
        });
    }

    /** A free port right now (nothing listens on it once this returns). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code gw.start(true)} on its own thread; the future completes when start returns. */
    public static CompletableFuture<Void> startBlocking(Gateway gw) {
        return Background.run("test-blocking-start", () -> gw.start(true));
    }

    public Gateway gateway() {
        return gateway;
    }

    public int port() {
        return gateway.port();
    }

    /** Adds (or replaces) a subroutine on the running gateway. */
    public void add(String name, Subroutine subroutine) {
        gateway.addSubroutine(name, subroutine);
    }

    /** A new controller for this gateway, closed after the test. */
    public Controller controller() {
        return controller(b -> { });
    }

    /** A new controller for this gateway with adjusted settings, closed after the test. */
    public Controller controller(Consumer<Controller.Builder> config) {
        Controller.Builder b = Controller.builder().gateway(HOST, port());
        config.accept(b);
        return track(b.build());
    }

    /** A new client from a controller shared by the test. */
    public Client client() throws IOException {
        if (controller == null) {
            controller = controller();
        }
        return controller.getClient();
    }

    /** A raw socket to the gateway, closed after the test. */
    public RawConnection raw() throws IOException {
        return track(RawConnection.open(port()));
    }

    /** Waits until exactly {@code n} handlers hold a pool slot. */
    public void awaitActiveHandlers(int n) {
        eventually().until(gateway::activeHandlers, active -> active == n);
    }

    private <T extends AutoCloseable> T track(T closeable) {
        made.push(closeable);
        return closeable;
    }
}
