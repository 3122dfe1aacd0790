package dev.swarmnet.security;

import dev.swarmnet.testkit.TestPki;
import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Bytes;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.RemoteException;
import dev.swarmnet.Swarm;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.TlsConfig;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.Background;
import dev.swarmnet.support.LeakCheck;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS over real sockets with real certificates (made by keytool, see {@link TestPki}). */
class TlsTest {
    private static final TestPki PKI = TestPki.get();

    @TempDir
    Path tmp;

    private final List<AutoCloseable> made = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = made.size() - 1; i >= 0; i--) {
            made.get(i).close();
        }
    }

    static TlsConfig.Server pemServer(TestPki.Identity id) {
        return TlsConfig.server().certificateChain(id.chainPem()).privateKey(id.keyPem());
    }

    static TlsConfig.Client trustingCa() {
        return TlsConfig.client().trustCertificates(PKI.caPem);
    }

    private Gateway gateway(Consumer<Gateway.Builder> config) throws IOException {
        Gateway gw = TestGateway.startGateway(config);
        made.add(gw);
        return gw;
    }

    private Controller controller(Gateway gw, Consumer<Controller.Builder> config) {
        return controller(TestGateway.HOST, gw, config);
    }

    private Controller controller(String host, Gateway gw, Consumer<Controller.Builder> config) {
        Controller.Builder b = Controller.builder().gateway(host, gw.port()).downloadDir(tmp.resolve("down"));
        config.accept(b);
        Controller c = b.build();
        made.add(c);
        return c;
    }

    // ---------------------------------------------------------------- everything works over TLS

    @Test
    void callsStreamsAndFilesWorkOverTlsWithPemFilesAndATrustedCa() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share/data"));
        Random random = new Random(7);
        for (int i = 0; i < 30; i++) {
            Files.write(share.resolve("small-" + i + ".bin"), randomBytes(random, random.nextInt(20_000)));
        }
        Files.write(share.resolve("big.bin"), randomBytes(random, 6 * 1024 * 1024 + 3)); // by the large-body path
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.server)).share(tmp.resolve("share"))
                .downloadDir(tmp.resolve("inbox")).maxPoolSize(8));
        assertThat(gw.usesTls()).isTrue();
        Controller c = controller(gw, b -> b.tls(trustingCa()));

        try (Client client = c.getClient()) {
            assertThat(client.ping("over TLS")).isEqualTo("over TLS");
            byte[] data = randomBytes(random, 200_000);
            assertThat(client.getSubroutineBatch(TestGateway.ECHO, Args.of(data))).isEqualTo(data);
            assertThat(client.sendSubroutineBatch(TestGateway.SIZE, randomBytes(random, 3_000_000))).isEqualTo(3_000_000);
            List<Long> idents = new ArrayList<>();
            boolean ended = client.getSubroutineStream(TestGateway.COUNT, Args.of(20_000L), (name, ident, bytes) -> {
                assertThat(Bytes.bytesToLong(bytes)).isEqualTo(ident);
                idents.add(ident);
                return true;
            });
            assertThat(ended).isTrue();
            assertThat(idents).hasSize(20_000);

            TransferReport down = client.getFilesFromGateway(FileQuery.folder(share.toString()));
            assertThat(down.failures()).isEmpty();
            assertThat(down.files()).isEqualTo(31);
            assertSameFiles(share, tmp.resolve("down"));

            TransferReport up = client.sendFilesToGateway("up", List.of(share.resolve("big.bin"),
                    share.resolve("small-3.bin")));
            assertThat(up.failures()).isEmpty();
            assertThat(sha256(tmp.resolve("inbox/up/big.bin"))).isEqualTo(sha256(share.resolve("big.bin")));
        }

        Files.walk(tmp.resolve("down")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        try (Swarm swarm = c.swarm(4)) {
            swarm.stripeSize(1024 * 1024); // the big file in stripes over four TLS connections
            TransferReport down = swarm.getFilesFromGateway(FileQuery.folder(share.toString()));
            assertThat(down.failures()).isEmpty();
            assertSameFiles(share, tmp.resolve("down"));
        }
    }

    @Test
    void aPkcs12GatewayAndATrustStoreController() throws Exception {
        Gateway gw = gateway(b -> b.tls(TlsConfig.server().keyStore(PKI.server.p12(), TestPki.PASSWORD)));
        Controller c = controller(gw, b -> b.tls(TlsConfig.client().trustStore(PKI.caTrustStore, TestPki.PASSWORD)));
        try (Client client = c.getClient()) {
            assertThat(client.ping("p12")).isEqualTo("p12");
        }
    }

    @Test
    void anEcKeyInPemWorksAndTheHostNameMayBeADnsName() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.ec)));
        try (Client client = controller("localhost", gw, b -> b.tls(trustingCa())).getClient()) {
            assertThat(client.ping("ec")).isEqualTo("ec");
        }
    }

    // ---------------------------------------------------------------- whom the controller trusts

    @Test
    void theRightPinIsTrustedWithoutAnyCa() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.selfSigned)));
        String pin = TlsConfig.sha256Fingerprint(PKI.selfSigned.certPem());
        assertThat(pin).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        for (String form : List.of(pin, pin.replace(":", "").toLowerCase(Locale.ROOT))) {
            try (Client client = controller(gw, b -> b.tls(TlsConfig.client().pinSha256(form))).getClient()) {
                assertThat(client.ping("pinned")).isEqualTo("pinned");
            }
        }
    }

    @Test
    void aWrongPinIsRefusedNamingBothFingerprints() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.selfSigned)));
        String otherPin = TlsConfig.sha256Fingerprint(PKI.server.certPem());
        Controller c = controller(gw, b -> b.tls(TlsConfig.client().pinSha256(otherPin)));

        assertThatThrownBy(c::getClient).isInstanceOf(SwarmnetException.class)
                .hasMessageContaining("pinned")
                .hasMessageContaining(otherPin)
                .hasMessageContaining(TlsConfig.sha256Fingerprint(PKI.selfSigned.certPem()));
        gwStillServes(gw, b -> b.tls(TlsConfig.client().pinSha256(TlsConfig.sha256Fingerprint(PKI.selfSigned.certPem()))));
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.server)));
        Controller c = controller(gw, b -> b.tls(TlsConfig.client().trustCertificates(PKI.otherCaPem)));
        assertThatThrownBy(c::getClient).isInstanceOf(SwarmnetException.class)
                .hasMessageContaining("not signed by a CA this controller trusts");
        // the JDK's default CAs do not know the test CA either
        assertThatThrownBy(controller(gw, b -> b.tls(TlsConfig.client()))::getClient)
                .isInstanceOf(SwarmnetException.class).hasMessageContaining("not signed by a CA");
    }

    @Test
    void aHostNameMismatchIsRefusedUnlessVerificationIsOff() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.wrongHost)));
        Controller strict = controller(gw, b -> b.tls(trustingCa()));
        assertThatThrownBy(strict::getClient).isInstanceOf(SwarmnetException.class)
                .hasMessageContaining("does not name '127.0.0.1'")
                .hasMessageContaining("hostnameVerification(false)");

        Controller lenient = controller(gw, b -> b.tls(trustingCa().hostnameVerification(false)));
        try (Client client = lenient.getClient()) {
            assertThat(client.ping("ip only")).isEqualTo("ip only");
        }
        // without a name check, the CA check still holds
        Controller otherCa = controller(gw, b -> b.tls(TlsConfig.client().trustCertificates(PKI.otherCaPem)
                .hostnameVerification(false)));
        assertThatThrownBy(otherCa::getClient).isInstanceOf(SwarmnetException.class);
    }

    @Test
    void aPinAndACaTogetherMustBothHold() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.server)));
        String serverPin = TlsConfig.sha256Fingerprint(PKI.server.certPem());
        try (Client client = controller(gw, b -> b.tls(trustingCa().pinSha256(serverPin))).getClient()) {
            assertThat(client.ping("both")).isEqualTo("both");
        }
        String otherPin = TlsConfig.sha256Fingerprint(PKI.selfSigned.certPem());
        assertThatThrownBy(controller(gw, b -> b.tls(trustingCa().pinSha256(otherPin)))::getClient)
                .isInstanceOf(SwarmnetException.class).hasMessageContaining("pinned");
    }

    // ---------------------------------------------------------------- mixing plain and TLS

    @Test
    void aPlainClientIsToldTheGatewayNeedsTlsAndItsSlotIsFreed() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.server)).maxPoolSize(1)
                .handshakeTimeout(Duration.ofMillis(1000)));
        Controller plain = controller(gw, b -> { });

        assertThatThrownBy(plain::getClient).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            assertThat(e.remoteMessage()).contains("only TLS");
        });
        eventually().until(gw::activeHandlers, n -> n == 0);
        gwStillServes(gw, b -> b.tls(trustingCa()));
    }

    @Test
    void aTlsClientOfAPlainGatewayIsToldItIsPlain() throws Exception {
        Gateway gw = gateway(b -> { });
        Controller tls = controller(gw, b -> b.tls(trustingCa()));
        assertThatThrownBy(tls::getClient).isInstanceOf(SwarmnetException.class)
                .hasMessageContaining("plain gateway");
        eventually().until(gw::activeHandlers, n -> n == 0);
        try (Client client = controller(gw, b -> { }).getClient()) {
            assertThat(client.ping("plain")).isEqualTo("plain");
        }
    }

    // ---------------------------------------------------------------- mutual TLS

    @Test
    void mutualTlsAcceptsTrustedClientCertificatesOnly() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.server).requireClientCertificates(PKI.caPem)));

        for (TlsConfig.Client config : List.of(
                trustingCa().clientCertificate(PKI.ec.chainPem(), PKI.ec.keyPem()),
                trustingCa().clientKeyStore(PKI.ec.p12(), TestPki.PASSWORD))) {
            try (Client client = controller(gw, b -> b.tls(config)).getClient()) {
                assertThat(client.ping("mutual")).isEqualTo("mutual");
            }
        }

        assertThatThrownBy(controller(gw, b -> b.tls(trustingCa()))::getClient)
                .isInstanceOf(SwarmnetException.class)
                .hasMessageContaining("requires a client certificate");
        TlsConfig.Client untrusted = trustingCa().clientCertificate(PKI.selfSigned.chainPem(), PKI.selfSigned.keyPem());
        assertThatThrownBy(controller(gw, b -> b.tls(untrusted))::getClient)
                .isInstanceOf(SwarmnetException.class)
                .hasMessageContaining("did not accept this controller's client certificate");
        eventually().until(gw::activeHandlers, n -> n == 0);
    }

    @Test
    void mutualTlsWithAClientTrustStore() throws Exception {
        Gateway gw = gateway(b -> b.tls(TlsConfig.server().keyStore(PKI.server.p12(), TestPki.PASSWORD)
                .requireClientCertificates(PKI.caTrustStore, TestPki.PASSWORD)));
        try (Client client = controller(gw, b -> b.tls(trustingCa()
                .clientKeyStore(PKI.ec.p12(), TestPki.PASSWORD))).getClient()) {
            assertThat(client.ping("mutual p12")).isEqualTo("mutual p12");
        }
    }

    // ---------------------------------------------------------------- closing, timeouts, the pool

    @Test
    void closingAClientFromAnotherThreadCutsABusyTlsConnection() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.server)));
        gw.addSubroutine("block", (BatchSubroutine) call -> {
            entered.countDown();
            release.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new byte[0];
        });
        Client client = controller(gw, b -> b.tls(trustingCa())).getClient();
        try {
            CompletableFuture<byte[]> call = Background.call("blocked-call", () -> client.getSubroutineBatch("block"));
            assertThat(entered.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            client.close();

            assertThatThrownBy(() -> call.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SwarmnetException.class);
            assertThat(client.isOpen()).isFalse();
        } finally {
            release.countDown();
        }
        eventually().until(gw::activeHandlers, n -> n == 0);
    }

    @Test
    void gatewayCloseEndsTlsHandlersAlsoOneStuckInTheHandshake() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.server)).maxPoolSize(3));
        Client client = controller(gw, b -> b.tls(trustingCa())).getClient();
        try (Socket stuck = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
            OutputStream out = stuck.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x01}); // the start of a ClientHello, then nothing
            out.flush();
            // Two handler threads: the client's, and the stuck handshake's (which holds no slot).
            eventually().until(() -> LeakCheck.swarmnetThreads().stream()
                    .filter(n -> n.startsWith("swarmnet-handler")).count() == 2);
            assertThat(gw.activeHandlers()).isEqualTo(1);

            gw.close();

            assertThat(gw.activeHandlers()).isZero();
            assertThatThrownBy(() -> client.ping("gone?")).isInstanceOf(SwarmnetException.class);
            stuck.setSoTimeout((int) Waits.TIMEOUT.toMillis());
            assertThat(closedByPeer(stuck)).isTrue();
        }
    }

    @Test
    void aClientStuckInTheTlsHandshakeHoldsNoSlotAndIsClosedAtTheHandshakeTimeout() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.server)).maxPoolSize(1)
                .handshakeTimeout(Duration.ofMillis(1000)));
        try (Socket stuck = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
            stuck.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00});
            stuck.getOutputStream().flush();
            gwStillServes(gw, b -> b.tls(trustingCa())); // the pool's one slot is free
            stuck.setSoTimeout((int) Waits.TIMEOUT.toMillis());
            assertThat(closedByPeer(stuck)).isTrue();
            assertThat(gw.activeHandlers()).isZero();
        }
    }

    /** Whether the peer closed (or reset) the connection: the next read ends the stream. */
    private static boolean closedByPeer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void aFullPoolIsReportedInsideTls() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.server)).maxPoolSize(1));
        Controller c = controller(gw, b -> b.tls(trustingCa()));
        try (Client first = c.getClient()) {
            assertThatThrownBy(c::getClient).isInstanceOf(PoolFullException.class);
            assertThat(first.ping("still mine")).isEqualTo("still mine");
        }
    }

    @Test
    void aPlainRawConnectionToATlsGatewayGetsThePlainRefusal() throws Exception {
        Gateway gw = gateway(b -> b.tls(pemServer(PKI.server)).handshakeTimeout(Duration.ofMillis(1000)));
        try (RawConnection raw = RawConnection.open(gw.port())) {
            RawConnection.Hello hello = raw.readHello();
            assertThat(hello.magic()).isEqualTo(RawConnection.MAGIC);
            assertThat(hello.statusOrFlags()).isEqualTo(1);
            RawConnection.Frame error = raw.readFrame();
            assertThat(error.type()).isEqualTo(RawConnection.ERROR);
            assertThat(error.errorMessage()).contains("only TLS");
        }
    }

    // ---------------------------------------------------------------- configuration mistakes fail early

    @Test
    void configurationMistakesFailWhenGivenToTheBuilder() {
        Path missing = tmp.resolve("missing.pem");
        assertThatThrownBy(() -> Gateway.builder().tls(TlsConfig.server().certificateChain(missing)
                .privateKey(PKI.server.keyPem())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> Gateway.builder().tls(TlsConfig.server()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs its certificate");
        assertThatThrownBy(() -> Gateway.builder().tls(TlsConfig.server().keyStore(PKI.server.p12(),
                "wrong".toCharArray())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> Gateway.builder().tls(TlsConfig.server().certificateChain(PKI.server.chainPem())
                .privateKey(PKI.ec.keyPem())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> Gateway.builder().tls(TlsConfig.server().certificateChain(PKI.server.keyPem())
                .privateKey(PKI.server.keyPem())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> TlsConfig.server().certificateChain(PKI.server.chainPem())
                .keyStore(PKI.server.p12(), TestPki.PASSWORD))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TlsConfig.client().pinSha256("abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> Controller.builder().tls(TlsConfig.client().trustStore(PKI.server.chainPem(),
                TestPki.PASSWORD)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TlsConfig.server().keyStore(PKI.server.p12(), TestPki.PASSWORD).toString())
                .doesNotContain(new String(TestPki.PASSWORD));
    }

    // ---------------------------------------------------------------- helpers

    private void gwStillServes(Gateway gw, Consumer<Controller.Builder> config) throws IOException {
        try (Client client = controller(gw, config).getClient()) {
            assertThat(client.ping("still serving")).isEqualTo("still serving");
        }
    }

    private static void assertSameFiles(Path expectedDir, Path actualDir) throws Exception {
        try (var files = Files.list(expectedDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                assertThat(sha256(actualDir.resolve(f.getFileName().toString())))
                        .as("checksum of %s", f.getFileName()).isEqualTo(sha256(f));
            }
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
