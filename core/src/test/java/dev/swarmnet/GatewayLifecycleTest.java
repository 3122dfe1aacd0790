package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building, starting and closing a gateway, and what happens to its port. */
class GatewayLifecycleTest {

    @Test
    void builderRejectsPortsOutsideTheTcpRange() {
        assertThatThrownBy(() -> Gateway.builder().port(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("-1");
        assertThatThrownBy(() -> Gateway.builder().port(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("70000");
    }

    @Test
    void builderRejectsBadSizes() {
        assertThatThrownBy(() -> Gateway.builder().maxPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPoolSize");
        assertThatThrownBy(() -> Gateway.builder().maxFrameSize(100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrameSize");
        assertThatThrownBy(() -> Gateway.builder().backlog(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backlog");
    }

    @Test
    void builderRejectsNulls() {
        assertThatThrownBy(() -> Gateway.builder().downloadDir(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("downloadDir");
        assertThatThrownBy(() -> Gateway.builder().threadMode(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("threadMode");
    }

    @Test
    void builderKeepsItsSettings() {
        try (Gateway gw = Gateway.builder().maxPoolSize(7).downloadDir(Path.of("x")).build()) {
            assertThat(gw.maxPoolSize()).isEqualTo(7);
            assertThat(gw.downloadDir()).isEqualTo(Path.of("x"));
            assertThat(gw.isRunning()).isFalse();
        }
    }

    /** A builder used again after build(), say for a second gateway, must not reach into the first. */
    @Test
    void changingTheBuilderAfterBuildLeavesTheBuiltGatewayAsItWas(@TempDir Path tmp) throws IOException {
        Path first = Files.createDirectory(tmp.resolve("first"));
        Path second = Files.createDirectory(tmp.resolve("second"));
        Gateway.Builder builder = TestGateway.loopbackBuilder(0,
                b -> b.share(first).maxPoolSize(3).downloadDir(tmp.resolve("down")));
        try (Gateway gw = builder.build()) {
            builder.share(second).maxPoolSize(4).downloadDir(tmp.resolve("elsewhere")).allowUploads(false)
                    .allowRemoteShutdown(true).secret("a secret of twenty bytes")
                    .shutdownGracePeriod(Duration.ofSeconds(9));

            assertThat(gw.shares()).containsExactly(first);
            assertThat(gw.maxPoolSize()).isEqualTo(3);
            assertThat(gw.downloadDir()).isEqualTo(tmp.resolve("down"));
            assertThat(gw.allowsUploads()).isTrue();
            assertThat(gw.shutdownGracePeriod()).isEqualTo(Duration.ofMillis(Gateway.DEFAULT_SHUTDOWN_GRACE_MILLIS));
            gw.start(false);
            try (Controller controller = new Controller(TestGateway.HOST, gw.port())) {
                assertThatThrownBy(controller::closeGateway).as("served without a secret, and not closed by it")
                        .isInstanceOfSatisfying(RemoteException.class,
                                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
            }
            assertThat(gw.isRunning()).isTrue();
        }
    }

    @Test
    void autoThreadModeUsesPlatformThreadsForSmallPools() {
        try (Gateway gw = Gateway.builder().threadMode(ThreadMode.AUTO).maxPoolSize(5).build()) {
            assertThat(gw.usesVirtualThreads()).isFalse();
        }
        try (Gateway gw = Gateway.builder().threadMode(ThreadMode.PLATFORM).maxPoolSize(10_000).build()) {
            assertThat(gw.usesVirtualThreads()).isFalse();
        }
    }

    @Test
    void virtualThreadModeFailsAtBuildTimeBeforeJava21() {
        assumeTrue(Runtime.version().feature() < 21, "virtual threads exist on this JDK");
        assertThatThrownBy(() -> Gateway.builder().threadMode(ThreadMode.VIRTUAL).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("21");
    }

    @Test
    void portZeroBindsARealPortThatAcceptsConnections() throws IOException {
        try (Gateway gw = TestGateway.startGateway(b -> { })) {
            assertThat(gw.port()).isBetween(1, 65535);
            assertThat(gw.isRunning()).isTrue();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
                assertThat(s.isConnected()).isTrue();
            }
        }
    }

    @Test
    void portBeforeStartIsAnError() {
        try (Gateway gw = Gateway.builder().port(0).build()) {
            assertThatThrownBy(gw::port).isInstanceOf(IllegalStateException.class).hasMessageContaining("start");
        }
    }

    @Test
    void startTwiceIsAnError() throws IOException {
        try (Gateway gw = TestGateway.startGateway(b -> { })) {
            assertThatThrownBy(() -> gw.start(false)).isInstanceOf(IllegalStateException.class);
            assertThat(gw.isRunning()).isTrue();
        }
    }

    @Test
    void startAfterCloseIsAnError() {
        Gateway gw = Gateway.builder().port(0).build();
        gw.close();
        assertThatThrownBy(() -> gw.start(false)).isInstanceOf(IllegalStateException.class);
        assertThat(gw.isRunning()).isFalse();
    }

    @Test
    void startOnAPortInUseFailsWithTheReason() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Gateway gw = TestGateway.loopbackBuilder(taken.getLocalPort(), b -> { }).build()) {
            assertThatThrownBy(() -> gw.start(false))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
            assertThat(gw.isRunning()).isFalse();
        }
    }

    @Test
    void closeFreesThePortEvenAfterServingAClient() throws IOException {
        int port;
        try (Gateway gw = TestGateway.startGateway(b -> { });
                Controller controller = new Controller(TestGateway.HOST, gw.port());
                Client client = controller.getClient()) {
            port = gw.port();
            assertThat(client.ping("x")).isEqualTo("x");
        }
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void closeIsIdempotent() throws IOException {
        Gateway gw = TestGateway.startGateway(b -> { });
        gw.close();
        assertThatCode(gw::close).doesNotThrowAnyException();
        assertThat(gw.isRunning()).isFalse();
        assertThat(gw.activeHandlers()).isZero();
    }

    @Test
    void closingANeverStartedGatewayIsHarmless() {
        Gateway gw = Gateway.builder().build();
        assertThatCode(gw::close).doesNotThrowAnyException();
        assertThat(gw.isRunning()).isFalse();
    }

    @Test
    void closeEndsConnectedClientsAndRefusesNewOnes() throws IOException {
        Gateway gw = TestGateway.startGateway(b -> { });
        try (Controller controller = new Controller(TestGateway.HOST, gw.port())) {
            Client client = controller.getClient();
            assertThat(gw.activeHandlers()).isEqualTo(1);

            gw.close();

            assertThat(gw.activeHandlers()).isZero();
            assertThatThrownBy(() -> client.ping("still there?")).isInstanceOf(SwarmnetException.class);
            assertThat(client.isOpen()).isFalse();
            assertThatThrownBy(controller::getClient).isInstanceOf(IOException.class);
        }
    }
}
