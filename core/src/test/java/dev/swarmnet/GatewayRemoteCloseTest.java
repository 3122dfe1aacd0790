package dev.swarmnet;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code start(true)} blocks until the gateway is closed, also from the other end of the wire. */
class GatewayRemoteCloseTest {
    private Gateway gw;
    private Controller controller;
    private CompletableFuture<Void> startReturned;

    @BeforeEach
    void startBlockingOnAnotherThread() {
        int port = TestGateway.freePort();
        gw = TestGateway.loopbackBuilder(port, b -> b.allowRemoteShutdown(true)).build();
        TestGateway.registerCommon(gw);
        startReturned = TestGateway.startBlocking(gw);
        controller = new Controller(TestGateway.HOST, port);
    }

    @AfterEach
    void closeAll() {
        controller.close();
        gw.close();
    }

    @Test
    void startTrueReturnsAfterClientCloseGateway() throws Exception {
        Client client = connectOnceListening();
        assertThat(startReturned).isNotDone();

        client.closeGateway();

        assertGatewayClosed();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void startTrueReturnsAfterControllerCloseGateway() throws Exception {
        connectOnceListening().close();

        controller.closeGateway();

        assertGatewayClosed();
    }

    @Test
    void closeGatewayAlsoEndsOtherConnectedClients() throws Exception {
        Client bystander = connectOnceListening();
        Client closer = controller.getClient();

        closer.closeGateway();

        assertGatewayClosed();
        assertThatThrownBy(() -> bystander.ping("hello?")).isInstanceOf(SwarmnetException.class);
    }

    /** The README's promise: once closeGateway() has returned, new connections are refused at once. */
    @Test
    void aConnectionRightAfterCloseGatewayReturnedIsRefused() throws Exception {
        connectOnceListening().closeGateway();

        assertThatThrownBy(controller::getClient).as("no waiting: the listener is closed before BYE")
                .isInstanceOf(java.net.ConnectException.class);
        assertGatewayClosed();
    }

    @Test
    void localCloseAlsoEndsABlockingStart() throws Exception {
        connectOnceListening().close();

        gw.close();

        assertGatewayClosed();
    }

    /** Polls until the gateway accepts connections, then returns a connected client. */
    private Client connectOnceListening() {
        Client client = eventually().ignoreExceptionsInstanceOf(IOException.class)
                .until(controller::getClient, c -> c != null);
        assertThat(gw.isRunning()).isTrue();
        return client;
    }

    private void assertGatewayClosed() {
        eventually().until(startReturned::isDone);
        assertThat(startReturned).isCompleted();
        assertThat(gw.isRunning()).isFalse();
        assertThatThrownBy(controller::getClient).isInstanceOf(IOException.class);
    }
}
