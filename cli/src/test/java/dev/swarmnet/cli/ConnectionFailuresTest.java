package dev.swarmnet.cli;

import dev.swarmnet.testkit.TestPki;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Gateway;
import dev.swarmnet.TlsConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the commands print when TLS or the shared secret do not fit, in this JVM against library gateways
 * on loopback (the cases {@code SecurityIT} does not run as processes): the exit code, and one line that
 * names the options to change — never the Java calls the library's own messages suggest ({@link Hints}).
 */
class ConnectionFailuresTest {
    private static TestPki pki;

    @TempDir
    Path tmp;

    private final List<Gateway> gateways = new ArrayList<>();

    /** What one in-process run printed: its exit code and its one {@code swarmnet <command>: ...} line. */
    private record Run(int code, String line, String out) {
    }

    @BeforeAll
    static void certificatesAndAClearEnvironment() {
        // The commands run in this JVM: a secret in the build's environment would change what they print,
        // so they see none, whatever the environment holds.
        Secrets.environment = name -> null;
        pki = TestPki.get();
    }

    @AfterAll
    static void theRealEnvironmentAgain() {
        Secrets.environment = System::getenv;
    }

    @AfterEach
    void closeGateways() {
        gateways.forEach(Gateway::close);
    }

    private String gateway(Consumer<Gateway.Builder> config) throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share-" + gateways.size()));
        Gateway.Builder b = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).share(share)
                .downloadDir(tmp.resolve("uploads-" + gateways.size()));
        config.accept(b);
        Gateway gw = b.build();
        gateways.add(gw);
        gw.start(false);
        return "127.0.0.1:" + gw.port();
    }

    /** Runs the command line in this JVM; the gateways' log lines on stderr are left out. */
    private static Run swarmnet(String... args) {
        InProcess.Run run = InProcess.swarmnet(args);
        List<String> lines = run.err().lines().filter(l -> l.startsWith("swarmnet ")).toList();
        assertThat(lines).as(run.err()).hasSizeLessThanOrEqualTo(1);
        assertThat(run.err()).doesNotContain("\tat ");
        String line = lines.isEmpty() ? "" : lines.get(0);
        assertThat(line).as("a library hint left in the message").doesNotContain("builder()", "Builder", "TlsConfig",
                "(...)");
        return new Run(run.code(), line, run.out());
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefusedUnlessTheCheckIsOff() throws Exception {
        String host = gateway(b -> b.tls(TlsConfig.server().certificateChain(pki.wrongHost.chainPem())
                .privateKey(pki.wrongHost.keyPem())));
        Run refused = swarmnet("ping", host, "-n", "1", "--tls-ca", pki.caPem.toString());
        assertThat(refused.code()).as("%s", refused).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(refused.line()).contains("does not name '127.0.0.1'", "--no-hostname-check");

        Run unchecked = swarmnet("ping", host, "-n", "1", "--tls-ca", pki.caPem.toString(), "--no-hostname-check");
        assertThat(unchecked.code()).as("%s", unchecked).isZero();
        assertThat(unchecked.out()).contains("seq=1");
    }

    @Test
    void aPlainClientOfATlsGatewayIsToldToUseTls() throws Exception {
        // The gateway answers a silent (plain) client once its handshake timeout passes.
        String host = gateway(b -> b.tls(TlsConfig.server().certificateChain(pki.server.chainPem())
                .privateKey(pki.server.keyPem())).handshakeTimeout(Duration.ofMillis(200)));
        Run r = swarmnet("ping", host, "-n", "1");
        assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.line()).contains("accepts only TLS", "add --tls");
    }

    @Test
    void aClientWithASecretRefusesAGatewayWithout() throws Exception {
        String host = gateway(b -> { });
        Path secret = Files.writeString(tmp.resolve("secret"), "a secret the gateway lacks");
        Run r = swarmnet("ping", host, "-n", "1", "--secret-file", secret.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.line()).contains("does not ask for authentication", "leave out --secret-file");
    }

    @Test
    void badTlsAndSecretOptionsAreUsageErrors() throws Exception {
        String host = "127.0.0.1:1"; // never dialled: each mistake is found first
        String cert = pki.ec.chainPem().toString();
        assertThat(usage("ping", host, "--tls-cert", cert)).contains("--tls-cert and --tls-key go together");
        assertThat(usage("ping", host, "--tls-ca", tmp.resolve("missing.pem").toString()))
                .contains("TLS: ", "missing.pem");
        assertThat(usage("ping", host, "--tls-pin", "12:34")).contains("--tls-pin", "64 hex digits");
        assertThat(usage("ping", host, "--no-hostname-check")).contains("--no-hostname-check applies to TLS");
        Path shortSecret = Files.writeString(tmp.resolve("short"), "123456789012345");
        assertThat(usage("call", host, "x", "--secret-file", shortSecret.toString()))
                .contains("--secret-file " + shortSecret, "a secret must have 16", "got 15");

        String share = Files.createDirectories(tmp.resolve("gw-share")).toString();
        assertThat(usage("gateway", "--share", share, "--tls-key", pki.server.keyPem().toString()))
                .contains("--tls-cert and --tls-key go together");
        assertThat(usage("gateway", "--share", share, "--tls-client-ca", pki.caPem.toString()))
                .contains("--tls-client-ca needs TLS");
        assertThat(usage("gateway", "--share", share, "--tls-keystore", pki.server.p12().toString()))
                .contains("needs its password", Secrets.KEYSTORE_PASSWORD_ENV);
        Path wrong = Files.writeString(tmp.resolve("wrong-password"), "not it\n");
        assertThat(usage("gateway", "--share", share, "--tls-keystore", pki.server.p12().toString(),
                "--tls-keystore-password-file", wrong.toString())).contains("wrong password");
        assertThat(usage("gateway", "--share", share, "--tls-cert", cert, "--tls-key", pki.server.keyPem().toString()))
                .contains("TLS: ", "does not belong");
        assertThat(usage("gateway", "--share", share, "--secret-file", shortSecret.toString()))
                .contains("--secret-file " + shortSecret);
        assertThat(usage("gateway", "--share", share, "--idle-timeout", "5min")).contains("not a duration");
        assertThat(usage("gateway", "--share", share, "--shutdown-grace", "2h")).contains("shutdownGracePeriod");
        assertThat(usage("ping", "127.0.0.1:1", "--timeout", "soon")).contains("not a duration");
        assertThat(usage("gateway", "--share", share, "--max-args-size", "4MB")).contains("not a size");
    }

    private static String usage(String... args) {
        Run r = swarmnet(args);
        assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        return r.line();
    }

    @Test
    void everyLibraryHintHasItsCommandLineWords() {
        for (String[] phrase : Hints.PHRASES) {
            String cli = Hints.forCli("before " + phrase[0] + " after");
            assertThat(cli).as(phrase[0]).isEqualTo("before " + phrase[1] + " after")
                    .doesNotContain("builder()", "TlsConfig");
        }
        assertThat(Hints.forCli("nothing to change")).isEqualTo("nothing to change");
    }
}
