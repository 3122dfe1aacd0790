package dev.swarmnet.bench;

import dev.swarmnet.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * TLS for the benchmark's TLS rows: a self-signed EC P-256 certificate made at start with the JDK's
 * {@code keytool} into a temporary folder (deleted when the JVM exits). The gateway loads it from the
 * PKCS#12 store; the controller pins its SHA-256 fingerprint. TLS cost is the same whichever way the
 * certificate is trusted; only the handshake differs, and the measured work runs on an open connection.
 */
final class BenchTls {
    private static final char[] PASSWORD = "swarmnet-bench".toCharArray();

    private final Path keyStore;
    private final String pin;

    private BenchTls(Path keyStore, String pin) {
        this.keyStore = keyStore;
        this.pin = pin;
    }

    static BenchTls selfSigned() throws IOException, InterruptedException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("swarmnet-bench-tls");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "bench-tls-cleanup"));
        Path store = dir.resolve("gateway.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-noprompt", "-alias", "gateway",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "7",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        Path log = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool could not make the benchmark's certificate: " + Files.readString(log));
        }
        Certificate certificate = KeyStore.getInstance(store.toFile(), PASSWORD).getCertificate("gateway");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return new BenchTls(store, HexFormat.of().formatHex(digest));
    }

    TlsConfig.Server server() {
        return TlsConfig.server().keyStore(keyStore, PASSWORD);
    }

    TlsConfig.Client client() {
        return TlsConfig.client().pinSha256(pin);
    }

    static String note() {
        return "TLS 1.3 (JDK JSSE), self-signed EC P-256 certificate made by keytool, pinned by the controller";
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
