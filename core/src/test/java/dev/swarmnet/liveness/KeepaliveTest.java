package dev.swarmnet.liveness;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Client;
import dev.swarmnet.ConnectionStalledException;
import dev.swarmnet.Controller;
import dev.swarmnet.Gateway;
import dev.swarmnet.RemoteException;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.Background;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.testkit.Direction;
import dev.swarmnet.testkit.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness on both ends, through a proxy that can stall: keepalive frames carry a slow subroutine
 * past the controller's stall timeout, a stalled path fails with ConnectionStalledException, idle
 * clients ping (so a short gateway idle timeout spares them) and notice a dead path by themselves,
 * and a gateway drops a client that stopped reading.
 */
class KeepaliveTest {
    private static final int FRAME_HEADER = 5;
    // Generous against a loaded machine's scheduling: the interval's exact timing is ConnectionLivenessTest's.
    private static final Duration GATEWAY_KEEPALIVE = Duration.ofMillis(100);
    private static final Duration STALL = Duration.ofMillis(1200);
    /**
     * The gateway's idle timeout where a client stops reading or granting credit: long enough that a client
     * slowed by a loaded machine has read its first chunk by then (the exact timing is ConnectionLivenessTest's).
     */
    private static final Duration STOPPED_CLIENT_IDLE = Duration.ofMillis(1500);
    /** Enough keepalives to outlast the stall timeout: the call is carried past it. */
    private static final int PAST_THE_STALL = (int) (STALL.toMillis() / GATEWAY_KEEPALIVE.toMillis()) + 3;

    private final CountDownLatch release = new CountDownLatch(1);
    private Gateway gateway;
    private TcpProxy proxy;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        start(b -> { });
    }

    private void start(java.util.function.Consumer<Gateway.Builder> config) throws Exception {
        gateway = TestGateway.startGateway(b -> {
            b.keepaliveInterval(GATEWAY_KEEPALIVE);
            config.accept(b);
        });
        proxy = TcpProxy.builder().target(TestGateway.HOST, gateway.port()).build();
        gateway.addSubroutine("slow", (BatchSubroutine) call -> {
            release.await();
            return new byte[] {42};
        });
        gateway.addSubroutine("quiet", (StreamSubroutine) (call, out) -> {
            out.emit(0, new byte[] {0});
            release.await();
            out.emit(1, new byte[] {1});
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        gateway.close();
        proxy.close();
        for (AutoCloseable c : closeLast) {
            c.close();
        }
    }

    private Controller controller(java.util.function.Consumer<Controller.Builder> config) {
        // One connection's liveness: a transfer does not reconnect (ReconnectTest covers that).
        Controller.Builder b = Controller.builder().gateway(TestGateway.HOST, proxy.port()).stallTimeout(STALL)
                .keepaliveInterval(Duration.ZERO).reconnectWindow(Duration.ZERO);
        config.accept(b);
        Controller c = b.build();
        closeLast.add(c);
        return c;
    }

    /** Waits until the gateway has sent {@code n} more keepalive frames' worth of bytes than {@code from}. */
    private void awaitKeepalives(long from, int n) {
        eventually().until(() -> proxy.bytesForwarded(Direction.DOWNSTREAM) >= from + (long) n * FRAME_HEADER);
    }

    @Test
    void keepaliveFramesCarryASlowBatchCallPastTheStallTimeout() throws Exception {
        Client client = controller(b -> { }).getClient();
        long before = proxy.bytesForwarded(Direction.DOWNSTREAM);
        CompletableFuture<byte[]> call = Background.call("slow-call", () -> client.getSubroutineBatch("slow"));
        awaitKeepalives(before, PAST_THE_STALL);
        release.countDown();
        assertThat(call.get(20, TimeUnit.SECONDS)).containsExactly(42);
        assertThat(client.ping("still here")).isEqualTo("still here");
    }

    @Test
    void keepaliveFramesCarryAQuietStreamPastTheStallTimeout() throws Exception {
        Client client = controller(b -> { }).getClient();
        List<Long> idents = new ArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        CompletableFuture<Boolean> stream = Background.call("quiet-stream", () -> client.getSubroutineStream("quiet",
                Args.none(), (name, ident, bytes) -> {
                    idents.add(ident);
                    first.countDown();
                    return true;
                }));
        assertThat(first.await(20, TimeUnit.SECONDS)).isTrue();
        awaitKeepalives(proxy.bytesForwarded(Direction.DOWNSTREAM), PAST_THE_STALL);
        release.countDown();
        assertThat(stream.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(idents).containsExactly(0L, 1L);
    }

    @Test
    void aStalledPathFailsTheWaitingCallWithATypedError() throws Exception {
        Client client = controller(b -> { }).getClient();
        assertThat(client.ping("a")).isEqualTo("a");
        proxy.stallAll(true);
        assertThatThrownBy(() -> client.getSubroutineBatch(TestGateway.ECHO, Args.of(new byte[] {1})))
                .isInstanceOf(ConnectionStalledException.class)
                .hasMessageContaining("stallTimeout");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void anIdleClientPingsAndNoticesADeadPathWithoutBeingUsed() throws Exception {
        Client client = controller(b -> b.keepaliveInterval(Duration.ofMillis(50))).getClient();
        long up = proxy.bytesForwarded(Direction.UPSTREAM);
        eventually().until(() -> proxy.bytesForwarded(Direction.UPSTREAM) > up + 3 * FRAME_HEADER); // pings
        assertThat(client.isOpen()).isTrue();
        proxy.stallAll(true);
        eventually().until(() -> !client.isOpen());
        assertThatThrownBy(() -> client.ping("x")).isInstanceOf(ConnectionStalledException.class)
                .hasMessageContaining("keepalive");
    }

    @Test
    void pingsKeepAnIdleClientAliveThroughAShortGatewayIdleTimeout() throws Exception {
        gateway.close();
        proxy.close();
        start(b -> b.idleTimeout(Duration.ofMillis(1000)));
        Client pinging = controller(b -> b.keepaliveInterval(Duration.ofMillis(50))).getClient();
        Client silent = controller(b -> { }).getClient();
        eventually().until(() -> gateway.activeHandlers() == 1); // the silent one was closed for idling
        long up = proxy.bytesForwarded(Direction.UPSTREAM);
        eventually().until(() -> proxy.bytesForwarded(Direction.UPSTREAM) > up + 10 * FRAME_HEADER);
        assertThat(pinging.ping("alive")).isEqualTo("alive");
        assertThatThrownBy(() -> silent.ping("gone")).hasMessageContaining("idleTimeout");
    }

    @Test
    void aClientWhosePingFindsItClosedForIdlingSaysSoAtItsNextCall() throws Exception {
        gateway.close();
        proxy.close();
        start(b -> b.idleTimeout(Duration.ofMillis(100)));
        Client client = controller(b -> b.keepaliveInterval(Duration.ofMillis(600))).getClient();
        eventually().until(() -> !client.isOpen()); // its first ping read the gateway's IDLE_TIMEOUT
        assertThatThrownBy(() -> client.ping("x")).isInstanceOf(RemoteException.class)
                .hasMessageContaining("idleTimeout");
    }

    @Test
    void aGatewayDropsAClientThatStoppedReadingAndFreesItsSlot() throws Exception {
        gateway.close();
        proxy.close();
        start(b -> b.idleTimeout(STOPPED_CLIENT_IDLE).maxPoolSize(1));
        gateway.addSubroutine("flood", (StreamSubroutine) (call, out) -> {
            byte[] chunk = new byte[64 * 1024];
            for (long i = 0; out.emit(i, chunk); i++) {
                // until the gateway gives up on the client
            }
        });
        // A window far beyond the socket buffers: the pump blocks in a write, not on credit.
        Client reader = Controller.builder().gateway(TestGateway.HOST, gateway.port()).streamWindow(1 << 30)
                .stallTimeout(Duration.ZERO).build().getClient();
        closeLast.add(reader);
        CountDownLatch inCallback = new CountDownLatch(1);
        CompletableFuture<Boolean> stream = Background.call("stuck-reader", () -> reader.getSubroutineStream("flood",
                Args.none(), (name, ident, bytes) -> {
                    inCallback.countDown();
                    release.await(); // the client stops reading
                    return true;
                }));
        assertThat(inCallback.await(20, TimeUnit.SECONDS)).isTrue();
        eventually().until(() -> gateway.activeHandlers() == 0);
        release.countDown();
        assertThatThrownBy(() -> stream.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        try (Controller next = Controller.builder().gateway(TestGateway.HOST, gateway.port()).build()) {
            assertThat(next.getClient().ping("slot free")).isEqualTo("slot free");
        }
    }

    @Test
    void aStreamWhoseClientSendsNoCreditForTheIdleTimeoutIsEndedAndItsSubroutineTold() throws Exception {
        gateway.close();
        proxy.close();
        start(b -> b.idleTimeout(STOPPED_CLIENT_IDLE).maxPoolSize(1));
        CountDownLatch told = new CountDownLatch(1);
        gateway.addSubroutine("ticks", (StreamSubroutine) (call, out) -> {
            for (long i = 0; ; i++) {
                if (!out.emit(i, new byte[16])) {
                    told.countDown();
                    return;
                }
            }
        });
        // A window of a few chunks: the subroutine soon waits for credit, which a stuck callback never sends.
        Client stuck = Controller.builder().gateway(TestGateway.HOST, gateway.port()).streamWindow(256)
                .stallTimeout(Duration.ZERO).build().getClient();
        closeLast.add(stuck);
        CountDownLatch inCallback = new CountDownLatch(1);
        CompletableFuture<Boolean> stream = Background.call("stuck-callback", () -> stuck.getSubroutineStream("ticks",
                Args.none(), (name, ident, bytes) -> {
                    inCallback.countDown();
                    release.await();
                    return true;
                }));
        assertThat(inCallback.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(told.await(20, TimeUnit.SECONDS)).as("the subroutine was told").isTrue();
        eventually().until(() -> gateway.activeHandlers() == 0);
        release.countDown();
        assertThatThrownBy(() -> stream.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void aSingleClientUploadOverAStalledPathReportsTheStallAndLeavesNoPartialFile(@TempDir Path tmp)
            throws Exception {
        Path down = Files.createDirectories(tmp.resolve("down"));
        gateway.close();
        proxy.close();
        start(b -> b.downloadDir(down));
        Path file = Files.write(tmp.resolve("data.bin"), new byte[256 * 1024]);
        Client client = controller(b -> { }).getClient();
        proxy.stallAll(true);
        TransferReport report = client.sendFilesToGateway("in", List.of(file));
        assertThat(report.failures()).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("stallTimeout"));
        proxy.stallAll(false);
        eventually().until(() -> gateway.activeHandlers() == 0);
        // The bytes queued in the path may still reach the gateway once it unstalls: then the file is whole.
        Path landed = down.resolve("in/data.bin");
        if (Files.exists(landed)) {
            assertThat(landed).hasSameBinaryContentAs(file);
        }
        if (Files.exists(landed.getParent())) {
            try (var names = Files.list(landed.getParent())) {
                assertThat(names).allMatch(p -> p.equals(landed)); // no temporaries
            }
        }
    }

    @Test
    void gatewayKeepaliveIsValidated() {
        assertThatThrownBy(() -> Gateway.builder().keepaliveInterval(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Gateway.builder().keepaliveInterval(null)).isInstanceOf(NullPointerException.class);
    }
}
