package dev.swarmnet.cli;

import dev.swarmnet.testkit.TestPki;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.TlsConfig;
import dev.swarmnet.cli.SwarmnetProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security options through the real jar. One "safe" gateway — TLS from PEM files, a shared secret
 * from a file, no uploads, remote close refused (the command's default) — serves the class; a second one,
 * with mutual TLS from a PKCS#12 store and --allow-remote-close, lives in its own test. Certificates come
 * from {@link TestPki}.
 */
class SecurityIT {
    @TempDir
    static Path tmp;

    private static TestPki pki;
    private static Path share;
    private static Path work;
    private static Path secretFile;
    private static String secretText;
    private static SwarmnetProcess gateway;
    private static String readyLine;
    private static String host;

    @BeforeAll
    static void startSafeGateway() throws Exception {
        pki = TestPki.get();
        share = Files.createDirectories(tmp.resolve("share"));
        Files.writeString(share.resolve("served.txt"), "served over TLS");
        Files.writeString(share.resolve("other.txt"), "another file");
        work = Files.createDirectories(tmp.resolve("work"));
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        secretText = Base64.getEncoder().encodeToString(random); // text, so that SWARMNET_SECRET can carry it too
        secretFile = Files.writeString(tmp.resolve("secret"), secretText);

        gateway = SwarmnetProcess.start(work, "gateway", "--port", "0", "--bind", "127.0.0.1",
                "--share", share.toString(), "--no-uploads", "--tls-cert", pki.server.chainPem().toString(),
                "--tls-key", pki.server.keyPem().toString(), "--secret-file", secretFile.toString());
        readyLine = gateway.awaitLine("(swarmnet gateway ready on port \\d+.*)");
        host = "127.0.0.1:" + readyLine.replaceAll(".*ready on port (\\d+).*", "$1");
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** The options that reach the safe gateway, then {@code more}. */
    private static String[] trusted(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, host, "--tls-ca", pki.caPem.toString(),
                "--secret-file", secretFile.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static Result swarmnet(String... args) throws Exception {
        return SwarmnetProcess.run(work, args);
    }

    /** A failure: the exit code and ONE line on stderr, no stack trace. */
    private static String fails(int code, String... args) throws Exception {
        Result r = swarmnet(args);
        assertThat(r.code()).as("%s", r).isEqualTo(code);
        assertThat(r.errLines()).as("%s", r).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ");
        return r.err().strip();
    }

    @Test
    void theReadyLineSaysWhatIsOn() {
        assertThat(readyLine).contains("(127.0.0.1)", "TLS, shared secret required", "sharing " + share,
                "uploads refused", "remote close refused");
    }

    @Test
    void aClientTrustingTheCaOrPinningTheCertificateWithTheSecretIsServed() throws Exception {
        Result ping = swarmnet(trusted("ping", "-n", "1"));
        assertThat(ping.code()).as("%s", ping).isZero();
        assertThat(ping.out()).contains("seq=1");

        Path down = work.resolve("pinned");
        String pin = TlsConfig.sha256Fingerprint(pki.server.certPem());
        Result get = SwarmnetProcess.run(work, Map.of(Secrets.SECRET_ENV, secretText), null,
                "get", host, "--tls-pin", pin, "--file", "served.txt", "-o", down.toString());
        assertThat(get.code()).as("%s", get).isZero();
        assertThat(Files.readString(down.resolve("served.txt"))).isEqualTo("served over TLS");
    }

    @Test
    void withoutTrustWithAnotherPinOrWithoutTlsItCannotConnect() throws Exception {
        String secret = secretFile.toString();
        assertThat(fails(ExitCodes.UNREACHABLE, "ping", host, "--tls", "--secret-file", secret))
                .startsWith("swarmnet ping: TLS handshake with gateway " + host + " failed")
                .contains("not signed by a CA this controller trusts", "--tls-ca PEM");
        assertThat(fails(ExitCodes.UNREACHABLE, "get", host, "--tls-pin", "ab".repeat(32), "--secret-file", secret,
                "--file", "served.txt", "-o", work.resolve("never").toString()))
                .contains("does not match the pinned", "(--tls-pin)");
        assertThat(Files.exists(work.resolve("never/served.txt"))).isFalse();
        // A plain client waits for a hello that a TLS gateway never sends in the clear (it waits for a
        // ClientHello); the client's own timeout ends the wait and names the options.
        assertThat(fails(ExitCodes.UNREACHABLE, "ping", host, "--secret-file", secret, "--connect-timeout", "1"))
                .contains("if it requires TLS, add --tls");
    }

    @Test
    void aMissingOrWrongSecretCannotConnect() throws Exception {
        String ca = pki.caPem.toString();
        assertThat(fails(ExitCodes.UNREACHABLE, "ping", host, "--tls-ca", ca))
                .contains("requires a shared secret", "--secret-file FILE or set SWARMNET_SECRET")
                .doesNotContain("builder()");
        Path wrong = Files.writeString(tmp.resolve("wrong-secret"), "not the secret, but long enough");
        assertThat(fails(ExitCodes.UNREACHABLE, "call", host, "anything", "--tls-ca", ca, "--secret-file",
                wrong.toString())).contains("refused this controller", "not this gateway's");
        Result wrongEnv = SwarmnetProcess.run(work, Map.of(Secrets.SECRET_ENV, "not the secret either"), null,
                "ping", host, "--tls-ca", ca);
        assertThat(wrongEnv.code()).as("%s", wrongEnv).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(fails(ExitCodes.USAGE, "ping", host, "--tls-ca", ca, "--secret-file", tmp.resolve("nowhere").toString()))
                .contains("--secret-file", "no such file");
    }

    @Test
    void remoteCloseIsRefusedByDefaultAndTheGatewayRunsOn() throws Exception {
        assertThat(fails(ExitCodes.FAILED, trusted("close", "--gateway")))
                .startsWith("swarmnet close: FORBIDDEN: this gateway does not allow remote shutdown")
                .contains("--allow-remote-close");
        assertThat(gateway.process().isAlive()).isTrue();
        Result ping = swarmnet(trusted("ping", "-n", "1"));
        assertThat(ping.code()).as("%s", ping).isZero();
    }

    @Test
    void uploadsAreRefusedWithNoUploads() throws Exception {
        Path file = Files.writeString(work.resolve("up.txt"), "refused");
        Result put = swarmnet(trusted("put", file.toString()));
        assertThat(put.code()).as("%s", put).isEqualTo(ExitCodes.PARTIAL);
        assertThat(put.err()).contains("failed: up.txt: FORBIDDEN", "does not accept uploads", "1 of 1 files failed");
    }

    @Test
    void aSecretOrPasswordAsAnArgumentIsAUsageErrorThatSaysWhy() throws Exception {
        Result client = swarmnet("ping", host, "--tls-ca", pki.caPem.toString(), "--secret", "hunter2hunter2");
        assertThat(client.code()).as("%s", client).isEqualTo(ExitCodes.USAGE);
        assertThat(client.errLines().get(0)).startsWith("swarmnet ping: --secret is not accepted")
                .contains("ps", "--secret-file FILE", "SWARMNET_SECRET");

        Result server = swarmnet("gateway", "--port", "0", "--bind", "127.0.0.1", "--share", share.toString(),
                "--tls-keystore", pki.server.p12().toString(), "--tls-keystore-password", new String(TestPki.PASSWORD));
        assertThat(server.code()).as("%s", server).isEqualTo(ExitCodes.USAGE);
        assertThat(server.errLines().get(0)).startsWith("swarmnet gateway: --tls-keystore-password is not accepted")
                .contains("--tls-keystore-password-file");
        assertThat(server.out()).isEmpty();
    }

    @Test
    void mutualTlsFromAKeyStoreAndARemoteCloseItAllows() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mutual"));
        Path password = Files.writeString(dir.resolve("password"), new String(TestPki.PASSWORD) + "\n");
        try (SwarmnetProcess gw = SwarmnetProcess.start(dir, "gateway", "--port", "0", "--bind", "127.0.0.1",
                "--share", share.toString(), "--download-dir", dir.resolve("uploads").toString(),
                "--tls-keystore", pki.server.p12().toString(), "--tls-keystore-password-file", password.toString(),
                "--tls-client-ca", pki.caPem.toString(), "--allow-remote-close", "--max-files-per-query", "1",
                "--idle-timeout", "5m", "--max-args-size", "64K")) {
            String ready = gw.awaitLine("(swarmnet gateway ready on port \\d+.*)");
            assertThat(ready).contains("TLS, client certificates required", "remote close allowed")
                    .doesNotContain("shared secret");
            String mutual = "127.0.0.1:" + ready.replaceAll(".*ready on port (\\d+).*", "$1");
            String ca = pki.caPem.toString();
            String[] certificate = {"--tls-cert", pki.ec.chainPem().toString(), "--tls-key",
                    pki.ec.keyPem().toString()};

            assertThat(fails(ExitCodes.UNREACHABLE, "ping", mutual, "--tls-ca", ca))
                    .contains("requires a client certificate", "--tls-cert PEM --tls-key PEM");
            List<String> get = new ArrayList<>(List.of("get", mutual, "--tls-ca", ca, "--folder", share.toString(),
                    "-o", dir.resolve("down").toString()));
            get.addAll(List.of(certificate));
            assertThat(fails(ExitCodes.FAILED, get.toArray(String[]::new))).contains("LIMIT_EXCEEDED");

            List<String> close = new ArrayList<>(List.of("close", mutual, "--gateway", "--tls-ca", ca));
            close.addAll(List.of(certificate));
            Result closed = swarmnet(close.toArray(String[]::new));
            assertThat(closed.code()).as("%s", closed).isZero();
            Result end = gw.awaitExit();
            assertThat(end.code()).as("%s", end).isZero();
            assertThat(end.out()).contains("gateway closed");
        }
    }
}
