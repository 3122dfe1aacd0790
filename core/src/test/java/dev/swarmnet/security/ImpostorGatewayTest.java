package dev.swarmnet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.AuthenticationException;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.support.Background;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A controller with the secret against a gateway played by hand on a loopback socket: an impostor that
 * asks for authentication, takes the controller's proof, and then cannot prove it knows the secret. The
 * controller must refuse it every way it can fail. Numbers and HMACs are written out here, as
 * docs/PROTOCOL.md section 2.2 gives them, independent of the library.
 */
class ImpostorGatewayTest {
    private static final String SECRET = "the controller's real secret";
    private static final int AUTH_OK = 0x50;

    private ServerSocket server;
    private Controller controller;

    /** What the impostor sends once it has read the controller's hello and proof. */
    @FunctionalInterface
    private interface Answer {
        void send(RawConnection client, byte[] gatewayNonce, byte[] clientNonce, byte[] clientProof)
                throws Exception;
    }

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        controller = Controller.builder().gateway(TestGateway.HOST, server.getLocalPort()).secret(SECRET).build();
    }

    @AfterEach
    void closeAll() throws IOException {
        controller.close();
        server.close();
    }

    /** The script itself is right: with the right proof the controller gets in and is served. */
    @Test
    void theRightProofLetsTheControllerIn() throws Exception {
        CompletableFuture<Void> gateway = impostor((client, ng, nc, proof) -> {
            client.writeFrame(AUTH_OK, Proofs.hmac(SECRET, Proofs.GATEWAY, ng, nc));
            RawConnection.Frame ping = client.readFrame();
            assertThat(ping.type()).isEqualTo(RawConnection.PING);
            client.writeFrame(RawConnection.PONG, ping.body());
            client.isClosedByPeer();
        });
        try (Client client = controller.getClient()) {
            assertThat(client.ping("the real one")).isEqualTo("the real one");
        }
        assertThat(gateway).succeedsWithin(Waits.TIMEOUT);
    }

    @Test
    void aWrongProofIsRefused() throws Exception {
        expectRefused((client, ng, nc, proof) -> client.writeFrame(AUTH_OK, Proofs.random(32)));
    }

    /** Made with another secret: the kind of wrong proof a misconfigured gateway would send. */
    @Test
    void aProofMadeWithAnotherSecretIsRefused() throws Exception {
        expectRefused((client, ng, nc, proof) -> client.writeFrame(AUTH_OK,
                Proofs.hmac("another secret", Proofs.GATEWAY, ng, nc)));
    }

    /** The controller's own proof sent back: the context strings differ, so it is not the gateway's. */
    @Test
    void theControllersOwnProofReflectedIsRefused() throws Exception {
        expectRefused((client, ng, nc, proof) -> client.writeFrame(AUTH_OK, proof));
    }

    /** The right proof less its last byte. */
    @Test
    void aShortProofIsRefused() throws Exception {
        expectRefused((client, ng, nc, proof) -> client.writeFrame(AUTH_OK,
                Arrays.copyOf(Proofs.hmac(SECRET, Proofs.GATEWAY, ng, nc), 31)));
    }

    /** The right proof with a byte more. */
    @Test
    void aLongProofIsRefused() throws Exception {
        expectRefused((client, ng, nc, proof) -> client.writeFrame(AUTH_OK,
                Arrays.copyOf(Proofs.hmac(SECRET, Proofs.GATEWAY, ng, nc), 33)));
    }

    @Test
    void anEmptyAuthOkIsRefused() throws Exception {
        expectRefused((client, ng, nc, proof) -> client.writeFrame(AUTH_OK, new byte[0]));
    }

    /** The right proof, but in another frame than AUTH_OK. */
    @Test
    void anotherFrameInPlaceOfAuthOkIsRefused() throws Exception {
        expectRefused((client, ng, nc, proof) -> client.writeFrame(RawConnection.PONG,
                Proofs.hmac(SECRET, Proofs.GATEWAY, ng, nc)));
    }

    @Test
    void aGatewayThatClosesInPlaceOfItsProofIsNotUsed() throws Exception {
        CompletableFuture<Void> gateway = impostor((client, ng, nc, proof) -> client.close());
        assertThatThrownBy(controller::getClient).isInstanceOf(SwarmnetException.class)
                .hasMessageContaining("closed the connection during the handshake");
        assertThat(gateway).succeedsWithin(Waits.TIMEOUT);
    }

    /** Not an impostor: a real gateway whose pool filled during the handshake says so in place of AUTH_OK. */
    @Test
    void poolFullInPlaceOfAuthOkIsAPoolFullException() throws Exception {
        CompletableFuture<Void> gateway = impostor((client, ng, nc, proof) -> {
            client.writeFrame(RawConnection.ERROR, error(5, "the gateway's handler pool is full"));
            client.isClosedByPeer();
        });
        assertThatThrownBy(controller::getClient).isInstanceOfSatisfying(PoolFullException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.POOL_FULL));
        assertThat(gateway).succeedsWithin(Waits.TIMEOUT);
    }

    @Test
    void unauthenticatedInPlaceOfAuthOkIsAnAuthenticationException() throws Exception {
        CompletableFuture<Void> gateway = impostor((client, ng, nc, proof) -> {
            client.writeFrame(RawConnection.ERROR, error(17, "authentication failed"));
            client.isClosedByPeer();
        });
        assertThatThrownBy(controller::getClient).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("authentication failed");
        assertThat(gateway).succeedsWithin(Waits.TIMEOUT);
    }

    private void expectRefused(Answer answer) throws Exception {
        CompletableFuture<Void> gateway = impostor((client, ng, nc, proof) -> {
            answer.send(client, ng, nc, proof);
            // A controller that accepted would now send its first request; one that refused closes.
            assertThat(client.isClosedByPeer()).as("the controller closed the connection").isTrue();
        });
        assertThatThrownBy(controller::getClient).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("could not prove it knows the shared secret");
        assertThat(gateway).succeedsWithin(Waits.TIMEOUT);
    }

    /** Accepts one connection: hello with a challenge, reads the controller's answer, then {@code answer}. */
    private CompletableFuture<Void> impostor(Answer answer) {
        return Background.run("impostor-gateway", () -> {
            try (RawConnection client = new RawConnection(server.accept())) {
                byte[] gatewayNonce = Proofs.random(32);
                client.writeRaw(ByteBuffer.allocate(8 + 36).putInt(RawConnection.MAGIC).put((byte) 1).put((byte) 0)
                        .putShort((short) 36).put((byte) 0x01).putShort((short) 33).put((byte) 0x01)
                        .put(gatewayNonce).array());
                assertThat(client.readHello()).isEqualTo(new RawConnection.Hello(RawConnection.MAGIC, 1, 0, 68));
                byte[] item = new byte[68];
                readFully(client, item);
                ByteBuffer b = ByteBuffer.wrap(item);
                assertThat(b.get()).isEqualTo((byte) 0x02); // AUTH_RESPONSE
                assertThat(b.getShort()).isEqualTo((short) 65);
                assertThat(b.get()).isEqualTo((byte) 0x01); // HMAC-SHA256
                byte[] clientNonce = new byte[32];
                byte[] clientProof = new byte[32];
                b.get(clientNonce).get(clientProof);
                assertThat(clientProof).isEqualTo(Proofs.hmac(SECRET, Proofs.CLIENT, gatewayNonce, clientNonce));
                answer.send(client, gatewayNonce, clientNonce, clientProof);
            }
        });
    }

    private static void readFully(RawConnection client, byte[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = client.readByte();
        }
    }

    private static byte[] error(int code, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
    }
}
