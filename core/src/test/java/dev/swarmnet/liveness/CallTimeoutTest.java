package dev.swarmnet.liveness;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.DeadlineExceededException;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.Swarm;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.testkit.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Call timeouts (deadlines): per controller and per client, for calls, streams and transfers. */
class CallTimeoutTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxPoolSize(1).keepaliveInterval(Duration.ofMillis(50)));

    @TempDir
    Path tmp;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @AfterEach
    void releaseSubroutines() {
        release.countDown();
    }

    @Test
    void aBatchCallThatOutlivesItsTimeoutFailsTypedAndFreesTheSlot() throws Exception {
        gw.add("slow", (BatchSubroutine) call -> {
            release.await();
            return new byte[] {1};
        });
        Client client = gw.client().withCallTimeout(SHORT);

        assertThatThrownBy(() -> client.getSubroutineBatch("slow"))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageContaining("call timeout of 200 ms");
        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(() -> client.ping("again")).isInstanceOf(DeadlineExceededException.class);

        release.countDown(); // the handler finishes, finds the connection gone and frees the pool's one slot
        gw.awaitActiveHandlers(0);
        assertThat(gw.client().ping("next")).isEqualTo("next");
    }

    @Test
    void aSubroutineWhoseCallerTimedOutIsInterruptedAndTheSlotFreedWithoutWaitingForIt() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        gw.add("stubborn", (BatchSubroutine) call -> {
            try {
                release.await(); // never released in this test
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return new byte[0];
        });
        Client client = gw.client().withCallTimeout(SHORT);
        assertThatThrownBy(() -> client.getSubroutineBatch("stubborn")).isInstanceOf(DeadlineExceededException.class);

        assertThat(interrupted.await(20, TimeUnit.SECONDS)).as("the subroutine was interrupted").isTrue();
        gw.awaitActiveHandlers(0);
        assertThat(gw.client().ping("slot free")).isEqualTo("slot free");
    }

    @Test
    void theControllersCallTimeoutAppliesToEveryClientAndAClientMayLiftIt() throws Exception {
        gw.add("quick", (BatchSubroutine) call -> new byte[] {7});
        Controller controller = gw.controller(b -> b.callTimeout(Duration.ofSeconds(30)));
        Client client = controller.getClient();
        assertThat(client.callTimeout()).isEqualTo(Duration.ofSeconds(30));
        for (int i = 0; i < 1_000; i++) { // deadlines armed and cancelled; none fires
            assertThat(client.getSubroutineBatch("quick")).containsExactly(7);
        }
        Client unlimited = client.withCallTimeout(Duration.ZERO);
        assertThat(unlimited.callTimeout()).isZero();
        assertThat(unlimited.getSubroutineBatch("quick")).containsExactly(7);
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void aStreamThatOutlivesItsTimeoutFailsAndTheSubroutineIsTold() throws Exception {
        gw.add("endless", (StreamSubroutine) (call, out) -> {
            try {
                long i = 0;
                while (out.emit(i, new byte[] {(byte) i})) {
                    i++;
                    if (i == 3) {
                        release.await(); // quiet after three chunks
                    }
                }
                stopped.countDown(); // told by emit returning false
            } catch (InterruptedException e) {
                stopped.countDown(); // told by an interrupt while waiting
            }
        });
        Client client = gw.client().withCallTimeout(SHORT);

        assertThatThrownBy(() -> client.getSubroutineStream("endless", Args.none(), (name, ident, bytes) -> true))
                .isInstanceOf(DeadlineExceededException.class);
        assertThat(stopped.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTransferThatOutlivesItsTimeoutFailsWithoutPartialFiles() throws Exception {
        Path down = tmp.resolve("down");
        downloadPastTheTimeout(8 << 20, down, (c, q) -> c.getClient().getFilesFromGateway(q));
        assertThat(down.resolve("big.bin")).doesNotExist();
        try (var listing = Files.list(down)) {
            assertThat(listing).isEmpty(); // no temporaries either
        }
    }

    @Test
    void aSwarmTransferIsBoundAsAWholeByTheCallTimeout() throws Exception {
        Path down = tmp.resolve("down");
        Throwable thrown = downloadPastTheTimeout(16 << 20, down, (c, q) -> {
            try (Swarm swarm = c.swarm(2)) {
                swarm.getFilesFromGateway(q);
            }
        });
        assertThat(thrown).hasMessageContaining("call timeout");
        assertThat(down.resolve("big.bin")).doesNotExist();
    }

    /** A download of a folder. */
    @FunctionalInterface
    private interface Download {
        void run(Controller controller, FileQuery query) throws Exception;
    }

    /**
     * Runs {@code download} of one file of {@code bytes} through a 1 MiB/s link under the short call timeout,
     * into {@code down}; returns what it threw, a DeadlineExceededException, once the gateway freed every slot.
     */
    private Throwable downloadPastTheTimeout(int bytes, Path down, Download download) throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.write(share.resolve("big.bin"), new byte[bytes]);
        try (Gateway gateway = TestGateway.startGateway(b -> b.share(share));
                TcpProxy proxy = TcpProxy.builder().target(TestGateway.HOST, gateway.port())
                        .bandwidth(1 << 20).build();
                Controller controller = Controller.builder().gateway(TestGateway.HOST, proxy.port())
                        .downloadDir(down).callTimeout(SHORT).build()) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> download.run(controller, FileQuery.folder(share.toString())));
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            eventually().untilAsserted(() -> assertThat(gateway.activeHandlers()).isZero());
            return thrown;
        }
    }

    @Test
    void timeoutsAreValidated() throws Exception {
        Client client = gw.client();
        assertThatThrownBy(() -> client.withCallTimeout(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.withCallTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Controller.builder().callTimeout(Duration.ofNanos(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Controller.builder().keepaliveInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Controller.builder().stallTimeout(null)).isInstanceOf(NullPointerException.class);
    }
}
