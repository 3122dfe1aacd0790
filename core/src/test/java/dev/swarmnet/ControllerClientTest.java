package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.support.ChunkLog;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Controllers and clients: construction, ping, closing, and use after close. */
class ControllerClientTest {
    @RegisterExtension
    final TestGateway gw = TestGateway.standard();

    @Test
    void hostAndPortConstructorConnects() throws IOException {
        try (Controller controller = new Controller(TestGateway.HOST, gw.port());
                Client client = controller.getClient()) {
            assertThat(controller.host()).isEqualTo(TestGateway.HOST);
            assertThat(controller.port()).isEqualTo(gw.port());
            assertThat(client.isOpen()).isTrue();
            assertThat(client.ping("hi")).isEqualTo("hi");
        }
    }

    @Test
    void builderRejectsBadGateways() {
        assertThatThrownBy(() -> Controller.builder().gateway(null, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> Controller.builder().gateway(" ", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> Controller.builder().gateway("h", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> Controller.builder().gateway("h", 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> new Controller("h", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> Controller.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gateway");
    }

    @Test
    void builderRejectsBadSettings() {
        Controller.Builder b = Controller.builder();
        assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> b.connectTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> b.maxFrameSize(100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrameSize");
        assertThatThrownBy(() -> b.streamWindow(8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streamWindow");
        assertThatThrownBy(() -> b.downloadDir(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("downloadDir");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "", "héllo wörld ✓ 日本語 🎉", " spaces and\nnewlines\t"})
    void pingEchoesTheMessage(String message) throws IOException {
        assertThat(gw.client().ping(message)).isEqualTo(message);
    }

    @Test
    void pingRejectsNull() throws IOException {
        Client client = gw.client();
        assertThatThrownBy(() -> client.ping(null)).isInstanceOf(NullPointerException.class);
        assertThat(client.ping("still fine")).isEqualTo("still fine");
    }

    @Test
    void clientCloseIsIdempotentAndFreesTheSlot() throws IOException {
        Client client = gw.client();
        assertThat(gw.gateway().activeHandlers()).isEqualTo(1);

        client.close();
        client.close();
        assertThatCode(client::closeHandler).doesNotThrowAnyException();

        assertThat(client.isOpen()).isFalse();
        assertThat(gw.gateway().activeHandlers()).isZero();
    }

    @Test
    void aClosedClientFailsEveryOperationInsteadOfHanging() throws IOException {
        Client client = gw.client();
        client.close();

        assertClosedClientError(() -> client.ping("x"));
        assertClosedClientError(() -> client.getSubroutineBatch(TestGateway.ECHO, Args.of(new byte[1])));
        assertClosedClientError(() -> client.sendSubroutineBatch(TestGateway.SIZE, new byte[1]));
        assertClosedClientError(() -> client.getSubroutineStream(TestGateway.COUNT, Args.of(3), ChunkLog.accepting()));
        assertClosedClientError(client::closeGateway);
        assertThat(gw.gateway().isRunning()).isTrue();
    }

    @Test
    void controllerCloseClosesItsClients() throws IOException {
        Controller controller = gw.controller();
        Client a = controller.getClient();
        Client b = controller.getClient();
        assertThat(gw.gateway().activeHandlers()).isEqualTo(2);

        controller.close();

        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isFalse();
        assertThat(gw.gateway().activeHandlers()).isZero();
        assertThatCode(controller::close).doesNotThrowAnyException();
    }

    @Test
    void aControllerStaysUsableAfterClosingItsClients() throws IOException {
        Controller controller = gw.controller();
        controller.getClient();
        controller.close();

        try (Client again = controller.getClient()) {
            assertThat(again.ping("again")).isEqualTo("again");
        }
    }

    @Test
    void connectingWhereNothingListensIsRefusedAtOnce() {
        int unused = TestGateway.freePort();
        // A minute of connect timeout: the failure must be the refusal, not a timeout.
        try (Controller controller = Controller.builder().gateway(TestGateway.HOST, unused)
                .connectTimeout(Duration.ofMinutes(1)).build()) {
            assertThatThrownBy(controller::getClient).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aClientWhoseGatewayIsGoneFailsAndCloses() throws IOException {
        Client client = gw.client();
        gw.gateway().close();

        assertThatThrownBy(() -> client.ping("anyone?")).isInstanceOf(SwarmnetException.class);
        assertThat(client.isOpen()).isFalse();
        assertThatCode(client::close).doesNotThrowAnyException();
    }

    private static void assertClosedClientError(ThrowingCallable operation) {
        assertThatThrownBy(operation).isInstanceOf(SwarmnetException.class).hasMessageContaining("closed");
    }
}
