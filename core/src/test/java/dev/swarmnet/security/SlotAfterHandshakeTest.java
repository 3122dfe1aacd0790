package dev.swarmnet.security;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.Gateway;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.internal.auth.SharedSecret;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.testkit.TestPki;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client that completed its handshake holds a slot; one whose handshake succeeds when every slot is
 * taken is refused with POOL_FULL (PoolFullException), with or without a secret, plain or over TLS.
 */
class SlotAfterHandshakeTest {
    private static final String SECRET = "a secret both sides know";

    private final List<AutoCloseable> made = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = made.size() - 1; i >= 0; i--) {
            made.get(i).close();
        }
    }

    @ParameterizedTest(name = "tls={0}, secret={1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void anAuthenticatedClientFillsThePoolAndTheNextIsToldPoolFull(boolean tls, boolean secret) throws Exception {
        Gateway gw = gateway(b -> {
            b.maxPoolSize(1);
            if (tls) {
                b.tls(TlsTest.pemServer(TestPki.get().server));
            }
            if (secret) {
                b.secret(SECRET);
            }
        });
        // A minute of connect timeout: a refusal that is not immediate would surface as a timeout, not POOL_FULL.
        Controller.Builder cb = Controller.builder().gateway(TestGateway.HOST, gw.port())
                .connectTimeout(Duration.ofMinutes(1));
        if (tls) {
            cb.tls(TlsTest.trustingCa());
        }
        if (secret) {
            cb.secret(SECRET);
        }
        Controller controller = cb.build();
        made.add(controller);

        Client first = controller.getClient();
        assertThat(first.ping("in")).isEqualTo("in");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(controller::getClient).isInstanceOfSatisfying(PoolFullException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.POOL_FULL));
        }
        assertThat(gw.activeHandlers()).isEqualTo(1);
        assertThat(first.ping("still in")).isEqualTo("still in");

        first.close();
        eventually().until(gw::activeHandlers, n -> n == 0);
        try (Client next = controller.getClient()) {
            assertThat(next.ping("the freed slot")).isEqualTo("the freed slot");
        }
    }

    /** The slot is taken after the proof: a connection that authenticates once the pool is full gets POOL_FULL. */
    @Test
    void aProofThatArrivesWhenThePoolIsFullIsAnsweredPoolFullInPlaceOfAuthOk() throws Exception {
        Gateway gw = gateway(b -> b.maxPoolSize(1).secret(SECRET));
        try (RawConnection raw = RawConnection.open(gw.port())) {
            made.add(raw);
            byte[] gatewayNonce = readChallenge(raw);
            assertThat(gw.activeHandlers()).isZero();

            Controller controller = Controller.builder().gateway(TestGateway.HOST, gw.port()).secret(SECRET).build();
            made.add(controller);
            Client holder = controller.getClient(); // takes the one slot while the raw client is in its handshake

            byte[] clientNonce = SharedSecret.nonce();
            byte[] proof = SharedSecret.of(SECRET).clientProof(gatewayNonce, clientNonce);
            raw.writeRaw(ByteBuffer.allocate(8 + 68).putInt(RawConnection.MAGIC).put((byte) 1).put((byte) 0)
                    .putShort((short) 68).put((byte) 0x02).putShort((short) 65).put((byte) 0x01).put(clientNonce)
                    .put(proof).array());
            RawConnection.Frame answer = raw.readFrame();
            assertThat(answer.type()).as("ERROR in place of AUTH_OK").isEqualTo(RawConnection.ERROR);
            assertThat(ErrorCode.fromWire(answer.errorCode())).isEqualTo(ErrorCode.POOL_FULL);
            assertThat(raw.isClosedByPeer()).isTrue();
            assertThat(holder.ping("unaffected")).isEqualTo("unaffected");
            assertThat(gw.activeHandlers()).isEqualTo(1);
        }
    }

    private Gateway gateway(Consumer<Gateway.Builder> config) throws IOException {
        Gateway gw = TestGateway.startGateway(config);
        made.add(gw);
        return gw;
    }

    private static byte[] readChallenge(RawConnection raw) throws IOException {
        RawConnection.Hello hello = raw.readHello();
        assertThat(hello.statusOrFlags()).isZero();
        assertThat(hello.extensionLength()).isEqualTo(36);
        byte[] item = new byte[36];
        for (int i = 0; i < item.length; i++) {
            item[i] = raw.readByte();
        }
        return Arrays.copyOfRange(item, 4, 36);
    }
}
