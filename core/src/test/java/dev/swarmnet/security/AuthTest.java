package dev.swarmnet.security;

import dev.swarmnet.testkit.TestPki;
import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Args;
import dev.swarmnet.AuthenticationException;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.Gateway;
import dev.swarmnet.TlsConfig;
import dev.swarmnet.internal.auth.SharedSecret;
import dev.swarmnet.internal.wire.HelloExtension;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shared-secret authentication: a challenge/response in the handshake, both ways, that never sends the
 * secret. The raw tests speak it byte by byte as docs/PROTOCOL.md describes, with numbers written out
 * here rather than taken from the library.
 */
class AuthTest {
    private static final String SECRET = "correct horse battery staple";
    private static final int AUTH_OK = 0x50;
    private static final int ERROR = 0x7F;
    private static final int UNAUTHENTICATED = 17;

    private final List<AutoCloseable> made = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = made.size() - 1; i >= 0; i--) {
            made.get(i).close();
        }
    }

    private Gateway gateway(Consumer<Gateway.Builder> config) throws IOException {
        Gateway gw = TestGateway.startGateway(config);
        made.add(gw);
        return gw;
    }

    private Controller controller(Gateway gw, Consumer<Controller.Builder> config) {
        Controller.Builder b = Controller.builder().gateway(TestGateway.HOST, gw.port());
        config.accept(b);
        Controller c = b.build();
        made.add(c);
        return c;
    }

    @Test
    void theRightSecretGetsIn() throws Exception {
        Gateway gw = gateway(b -> b.secret(SECRET));
        assertThat(gw.requiresSecret()).isTrue();
        byte[] asBytes = SECRET.getBytes(StandardCharsets.UTF_8);
        try (Client client = controller(gw, b -> b.secret(asBytes)).getClient()) {
            assertThat(client.ping("authenticated")).isEqualTo("authenticated");
            byte[] echoed = client.getSubroutineBatch(TestGateway.ECHO, Args.of(new byte[] {1, 2, 3}));
            assertThat(echoed).containsExactly(1, 2, 3);
        }
    }

    @Test
    void theSecretArrayIsCopied() throws Exception {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        Gateway gw = gateway(b -> b.secret(secret));
        Controller c = controller(gw, b -> b.secret(secret));
        Arrays.fill(secret, (byte) 0);
        try (Client client = c.getClient()) {
            assertThat(client.ping("copied")).isEqualTo("copied");
        }
    }

    @Test
    void aWrongSecretIsRefusedWithOneWarningAndTheGatewayServesOthers() throws Exception {
        Gateway gw = gateway(b -> b.secret(SECRET));
        Client good = controller(gw, b -> b.secret(SECRET)).getClient();
        Controller wrong = controller(gw, b -> b.secret("not the secret at all"));
        try (LogCapture log = new LogCapture()) {
            assertThatThrownBy(wrong::getClient).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("refused")
                    .hasMessageContaining("secret is not this gateway's")
                    .hasMessageNotContaining("not the secret at all");
            List<String> warnings = log.lines().stream().filter(l -> l.contains("WARN")).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("failed authentication", "/127.0.0.1:")
                    .doesNotContain(SECRET).doesNotContain("not the secret at all");
        }
        assertThat(good.ping("still here")).isEqualTo("still here");
        eventually().until(gw::activeHandlers, n -> n == 1);
        try (Client another = controller(gw, b -> b.secret(SECRET)).getClient()) {
            assertThat(another.ping("and another")).isEqualTo("and another");
        }
        good.close();
    }

    /** A client failing in a loop cannot flood the log: the first failure in full, the rest summarised. */
    @Test
    void twoHundredFailedAuthenticationsFromOneAddressMakeAFewWarnings() throws Exception {
        Gateway gw = gateway(b -> b.secret(SECRET));
        Controller wrong = controller(gw, b -> b.secret("not the secret at all"));
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 200; i++) {
                assertThatThrownBy(wrong::getClient).isInstanceOf(AuthenticationException.class);
            }
            List<String> warnings = log.lines().stream().filter(l -> l.contains("WARN")).toList();
            assertThat(warnings).hasSizeBetween(1, 5);
            assertThat(warnings.get(0)).contains("failed authentication", "/127.0.0.1:");
            assertThat(warnings.subList(1, warnings.size())).allSatisfy(w ->
                    assertThat(w).containsPattern("\\d+ more authentication failures from 127\\.0\\.0\\.1"));
        }
        eventually().until(gw::activeHandlers, n -> n == 0);
        try (Client client = controller(gw, b -> b.secret(SECRET)).getClient()) {
            assertThat(client.ping("the log is calm")).isEqualTo("the log is calm");
        }
    }

    @Test
    void aControllerWithoutTheSecretIsToldWhy() throws Exception {
        Gateway gw = gateway(b -> b.secret(SECRET));
        try (LogCapture log = new LogCapture()) {
            assertThatThrownBy(controller(gw, b -> { })::getClient).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("requires a shared secret")
                    .hasMessageContaining("Controller.builder().secret");
            assertThat(log.text()).contains("sent no authentication");
        }
        eventually().until(gw::activeHandlers, n -> n == 0);
    }

    @Test
    void aControllerWithASecretRefusesAGatewayWithoutOne() throws Exception {
        Gateway gw = gateway(b -> { });
        assertThatThrownBy(controller(gw, b -> b.secret(SECRET))::getClient)
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("does not ask for authentication");
        eventually().until(gw::activeHandlers, n -> n == 0);
        try (Client plain = controller(gw, b -> { }).getClient()) {
            assertThat(plain.ping("no secrets here")).isEqualTo("no secrets here");
        }
    }

    @Test
    void authenticationWorksOverTlsToo() throws Exception {
        TestPki pki = TestPki.get();
        Gateway gw = gateway(b -> b.secret(SECRET).tls(TlsConfig.server().keyStore(pki.server.p12(), TestPki.PASSWORD)));
        TlsConfig.Client tls = TlsConfig.client().trustCertificates(pki.caPem);
        try (Client client = controller(gw, b -> b.tls(tls).secret(SECRET)).getClient()) {
            assertThat(client.ping("both")).isEqualTo("both");
        }
        assertThatThrownBy(controller(gw, b -> b.tls(tls).secret("a wrong secret, too"))::getClient)
                .isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(controller(gw, b -> b.tls(tls))::getClient)
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void secretsAreValidated() {
        assertThatThrownBy(() -> Gateway.builder().secret("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16");
        assertThatThrownBy(() -> Gateway.builder().secret("fifteen bytes..")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 to");
        Gateway.builder().secret("sixteen bytes...");
        assertThatThrownBy(() -> Controller.builder().secret(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Controller.builder().secret((byte[]) null)).isInstanceOf(NullPointerException.class);
    }

    // ---------------------------------------------------------------- by hand, byte by byte

    @Test
    void theExampleInProtocolMdIsWhatTheLibraryComputes() {
        byte[] gatewayNonce = new byte[32];
        byte[] clientNonce = new byte[32];
        for (int i = 0; i < 32; i++) {
            gatewayNonce[i] = (byte) i;
            clientNonce[i] = (byte) (32 + i);
        }
        SharedSecret secret = SharedSecret.of("example-secret-123");
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(secret.clientProof(gatewayNonce, clientNonce)))
                .isEqualTo("a6e1cce69e120cc9183eaa61630ab60043ba0f028585d6b6f3521f6f7e900c34");
        assertThat(hex.formatHex(secret.gatewayProof(gatewayNonce, clientNonce)))
                .isEqualTo("0aff6d6f38d13b0d5d76b2db558f8633a839525c57f6a3cd398f7c606003e948");
        assertThat(hex.formatHex(HelloExtension.challenge(gatewayNonce)))
                .isEqualTo("01002101" + hex.formatHex(gatewayNonce));
        assertThat(hex.formatHex(HelloExtension.response(clientNonce, new byte[32])))
                .isEqualTo("02004101" + hex.formatHex(clientNonce) + "00".repeat(32));
    }

    @Test
    void theExchangeByHandAndTheGatewayProvesItKnowsTheSecret() throws Exception {
        Gateway gw = gateway(b -> b.secret(SECRET));
        try (RawAuth raw = new RawAuth(gw.port())) {
            byte[] gatewayNonce = raw.readChallenge();
            byte[] clientNonce = Proofs.random(32);
            raw.writeResponse(clientNonce, Proofs.hmac(SECRET, Proofs.CLIENT, gatewayNonce, clientNonce));
            byte[] gatewayProof = raw.readFrame(AUTH_OK);
            assertThat(gatewayProof).isEqualTo(Proofs.hmac(SECRET, Proofs.GATEWAY, gatewayNonce, clientNonce));
            raw.writeFrame(0x01, "after auth".getBytes(StandardCharsets.UTF_8)); // PING
            assertThat(new String(raw.readFrame(0x02), StandardCharsets.UTF_8)).isEqualTo("after auth");
        }
    }

    @Test
    void aCapturedAnswerReplayedOnANewConnectionIsRefused() throws Exception {
        Gateway gw = gateway(b -> b.secret(SECRET));
        byte[] capturedNonce;
        byte[] capturedProof;
        try (RawAuth first = new RawAuth(gw.port())) {
            byte[] gatewayNonce = first.readChallenge();
            capturedNonce = Proofs.random(32);
            capturedProof = Proofs.hmac(SECRET, Proofs.CLIENT, gatewayNonce, capturedNonce);
            first.writeResponse(capturedNonce, capturedProof);
            first.readFrame(AUTH_OK); // the answer was good
        }
        try (LogCapture log = new LogCapture(); RawAuth replay = new RawAuth(gw.port())) {
            byte[] freshNonce = replay.readChallenge();
            assertThat(freshNonce).isNotEqualTo(capturedNonce);
            replay.writeResponse(capturedNonce, capturedProof);
            byte[] error = replay.readFrame(ERROR);
            assertThat(ByteBuffer.wrap(error).getShort() & 0xFFFF).isEqualTo(UNAUTHENTICATED);
            assertThat(replay.isClosedByPeer()).isTrue();
            assertThat(log.text()).contains("failed authentication", ":" + replay.localPort());
        }
        eventually().until(gw::activeHandlers, n -> n == 0);
    }

    @Test
    void theGatewaysProofCannotBeReflectedAsAClientAnswer() throws Exception {
        Gateway gw = gateway(b -> b.secret(SECRET));
        try (RawAuth raw = new RawAuth(gw.port())) {
            byte[] gatewayNonce = raw.readChallenge();
            byte[] clientNonce = Proofs.random(32);
            raw.writeResponse(clientNonce, Proofs.hmac(SECRET, Proofs.GATEWAY, gatewayNonce, clientNonce));
            byte[] error = raw.readFrame(ERROR);
            assertThat(ByteBuffer.wrap(error).getShort() & 0xFFFF).isEqualTo(UNAUTHENTICATED);
        }
    }

    @Test
    void aHelloWithoutAnAnswerIsRefusedBeforeAnyRequest() throws Exception {
        Gateway gw = gateway(b -> b.secret(SECRET));
        try (RawAuth raw = new RawAuth(gw.port())) {
            raw.readChallenge();
            raw.writeHello(new byte[0]);
            byte[] error = raw.readFrame(ERROR);
            assertThat(ByteBuffer.wrap(error).getShort() & 0xFFFF).isEqualTo(UNAUTHENTICATED);
        }
    }

    /** A client socket speaking the handshake by hand. */
    private static final class RawAuth implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        RawAuth(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout((int) Waits.TIMEOUT.toMillis());
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        /** Reads the gateway hello and returns the nonce of its challenge item. */
        byte[] readChallenge() throws IOException {
            assertThat(in.readInt()).isEqualTo(0x53574E54); // "SWNT"
            assertThat(in.readUnsignedByte()).isEqualTo(1); // version
            assertThat(in.readUnsignedByte()).isEqualTo(0); // ready
            assertThat(in.readUnsignedShort()).isEqualTo(36); // ext_len: one item of 3 + 33
            assertThat(in.readUnsignedByte()).isEqualTo(0x01); // AUTH_CHALLENGE
            assertThat(in.readUnsignedShort()).isEqualTo(33);
            assertThat(in.readUnsignedByte()).isEqualTo(0x01); // HMAC-SHA256
            byte[] nonce = new byte[32];
            in.readFully(nonce);
            return nonce;
        }

        void writeResponse(byte[] clientNonce, byte[] proof) throws IOException {
            ByteBuffer item = ByteBuffer.allocate(3 + 65).put((byte) 0x02).putShort((short) 65).put((byte) 0x01)
                    .put(clientNonce).put(proof);
            writeHello(item.array());
        }

        void writeHello(byte[] extension) throws IOException {
            out.writeInt(0x53574E54);
            out.writeByte(1);
            out.writeByte(0);
            out.writeShort(extension.length);
            out.write(extension);
            out.flush();
        }

        void writeFrame(int type, byte[] body) throws IOException {
            out.writeInt(body.length);
            out.writeByte(type);
            out.write(body);
            out.flush();
        }

        byte[] readFrame(int expectedType) throws IOException {
            int length = in.readInt();
            assertThat(in.readUnsignedByte()).isEqualTo(expectedType);
            byte[] body = new byte[length];
            in.readFully(body);
            return body;
        }

        boolean isClosedByPeer() throws IOException {
            try {
                return in.read() < 0;
            } catch (java.net.SocketException reset) {
                return true;
            }
        }

        int localPort() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
