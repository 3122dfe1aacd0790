package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.support.Background;
import dev.swarmnet.support.ChunkLog;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a gateway played by hand on a real loopback socket, to pin down how it reads
 * replies a real gateway sends only in rare moments (e.g. while shutting down).
 */
class ScriptedGatewayTest {
    private ServerSocket server;
    private Controller controller;

    /** What the scripted gateway does after the handshake. */
    @FunctionalInterface
    interface Script {
        void play(RawConnection client) throws IOException;
    }

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        controller = new Controller(TestGateway.HOST, server.getLocalPort());
    }

    @AfterEach
    void closeAll() throws IOException {
        controller.close();
        server.close();
    }

    @Test
    void aStreamCancelledByTheGatewayIsNotReportedAsComplete() throws Exception {
        CompletableFuture<Void> gateway = serve(client -> {
            assertThat(client.readFrame().type()).isEqualTo(RawConnection.STREAM_CALL);
            client.writeFrame(RawConnection.STREAM_CHUNK, ByteBuffer.allocate(16).putLong(0).putLong(0).array());
            client.writeFrame(RawConnection.STREAM_END, new byte[] {RawConnection.END_CANCELLED}); // e.g. shutting down
        });
        Client client = controller.getClient();
        ChunkLog log = ChunkLog.accepting();

        assertThatThrownBy(() -> client.getSubroutineStream("stream", Args.none(), log, log.onEnd()))
                .as("a stream the gateway cancelled must not look like one that completed")
                .isInstanceOf(SwarmnetException.class);

        assertThat(log.count()).isEqualTo(1);
        assertThat(log.ends()).as("end-of-stream callback").isEmpty();
        client.close();
        assertThat(gateway).succeedsWithin(Waits.TIMEOUT);
    }

    @Test
    void anUnexpectedReplyClosesTheClientWithAnError() throws Exception {
        CompletableFuture<Void> gateway = serve(client -> {
            assertThat(client.readFrame().type()).isEqualTo(RawConnection.PING);
            client.writeFrame(RawConnection.BATCH_RESULT, new byte[] {1});
        });
        Client client = controller.getClient();

        assertThatThrownBy(() -> client.ping("hello")).isInstanceOf(SwarmnetException.class)
                .hasMessageContaining("0x2");
        assertThat(client.isOpen()).isFalse();
        assertThat(gateway).succeedsWithin(Waits.TIMEOUT);
    }

    @Test
    void aGatewayWithTheWrongMagicIsRefused() throws Exception {
        CompletableFuture<Void> gateway = Background.run("scripted-gateway", () -> {
            try (RawConnection client = new RawConnection(server.accept())) {
                client.writeHello(0x12345678, RawConnection.VERSION, RawConnection.STATUS_READY);
                assertThat(client.isClosedByPeer()).isTrue();
            }
        });

        assertThatThrownBy(controller::getClient).isInstanceOf(SwarmnetException.class).hasMessageContaining("magic");
        assertThat(gateway).succeedsWithin(Waits.TIMEOUT);
    }

    /**
     * Accepts one client, does the handshake, plays {@code script}, then answers CLOSE_HANDLER with BYE
     * until the client goes away.
     */
    private CompletableFuture<Void> serve(Script script) {
        return Background.run("scripted-gateway", () -> {
            try (RawConnection client = new RawConnection(server.accept())) {
                client.writeHello(RawConnection.MAGIC, RawConnection.VERSION, RawConnection.STATUS_READY);
                assertThat(client.readHello().magic()).isEqualTo(RawConnection.MAGIC);
                client.writeAdmission();
                script.play(client);
                for (Frame f = client.readFrame(); f != null; f = client.readFrame()) {
                    if (f.type() == RawConnection.CLOSE_HANDLER) {
                        client.writeFrame(RawConnection.BYE, new byte[0]);
                    }
                }
            }
        });
    }
}
