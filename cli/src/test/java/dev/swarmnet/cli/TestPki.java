package dev.swarmnet.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;

/**
 * Test certificates made with the JDK alone, as the core tests make them (core's
 * {@code dev.swarmnet.security.TestPki}, trimmed to what the command's tests need): {@code keytool} makes
 * the self-signed CA and signs certificate requests this class writes; keys and chains are written as PEM
 * (PKCS#8 for keys) and PKCS#12. Made once per test JVM, in a temporary folder deleted when it exits.
 *
 * <ul>
 *   <li>{@code ca}: the test CA (EC P-256)
 *   <li>{@code server}: EC, signed by ca, SAN IP:127.0.0.1 and DNS:localhost, for gateways
 *   <li>{@code client}: EC, signed by ca, SAN DNS:client.example only, for clients (mutual TLS) — and, as a
 *       gateway's certificate, one that does not name 127.0.0.1
 * </ul>
 */
final class TestPki {
    static final String PASSWORD = "test-password";
    private static TestPki instance;

    /** One certificate: its chain (leaf first) and PKCS#8 key as PEM, both in a PKCS#12 store, the leaf alone. */
    record Identity(Path chainPem, Path keyPem, Path p12, Path certPem) {
    }

    final Path dir;
    final Path caPem;
    final Identity server;
    final Identity client;

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        run(List.of(keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=swarmnet cli test CA", "-validity", "30", "-ext", "bc:c",
                "-ext", "ku:c=keyCertSign,cRLSign", "-keystore", dir.resolve("ca.p12").toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)));
        KeyPair serverKeys = keyPair();
        KeyPair clientKeys = keyPair();
        csr("server", serverKeys, "CN=localhost");
        csr("client", clientKeys, "CN=swarmnet cli test client");
        run(List.of(gencert("server", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth"),
                gencert("client", "san=dns:client.example", "eku=serverAuth,clientAuth")));

        X509Certificate ca = (X509Certificate) KeyStore.getInstance(dir.resolve("ca.p12").toFile(),
                PASSWORD.toCharArray()).getCertificate("ca");
        caPem = writePem(dir.resolve("ca.pem"), List.of(ca));
        server = signed("server", serverKeys.getPrivate(), ca);
        client = signed("client", clientKeys.getPrivate(), ca);
    }

    /** The certificates, made on first use. */
    static synchronized TestPki get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("swarmnet-cli-test-pki");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                instance = new TestPki(dir);
            } catch (Exception e) {
                throw new IllegalStateException("could not make the test certificates with keytool: " + e, e);
            }
        }
        return instance;
    }

    private Identity signed(String alias, PrivateKey key, X509Certificate ca) throws Exception {
        X509Certificate leaf;
        try (var in = Files.newInputStream(dir.resolve(alias + ".crt"))) {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        List<X509Certificate> chain = List.of(leaf, ca);
        Path chainPem = writePem(dir.resolve(alias + "-chain.pem"), chain);
        Path certPem = writePem(dir.resolve(alias + "-cert.pem"), List.of(leaf));
        Path keyPem = Files.writeString(dir.resolve(alias + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry(alias, key, PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
        Path p12File = dir.resolve(alias + "-identity.p12");
        try (OutputStream out = Files.newOutputStream(p12File)) {
            p12.store(out, PASSWORD.toCharArray());
        }
        return new Identity(chainPem, keyPem, p12File, certPem);
    }

    private static Path writePem(Path file, List<X509Certificate> certificates) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate c : certificates) {
            text.append(pem("CERTIFICATE", c.getEncoded()));
        }
        return Files.writeString(file, text);
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    /**
     * A PKCS#10 certificate request for keytool -gencert (RFC 2986): SEQUENCE { SEQUENCE { version 0,
     * subject, public key info, [0] no attributes }, ecdsa-with-SHA256, BIT STRING signature }.
     */
    private void csr(String alias, KeyPair keys, String subject) throws Exception {
        byte[] info = der(0x30, new byte[] {0x02, 0x01, 0x00}, new X500Principal(subject).getEncoded(),
                keys.getPublic().getEncoded(), new byte[] {(byte) 0xA0, 0x00});
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(info);
        byte[] signature = signer.sign();
        byte[] algorithm = {0x30, 0x0A, 0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
        byte[] bits = new byte[signature.length + 1]; // BIT STRING: no unused bits, then the signature
        System.arraycopy(signature, 0, bits, 1, signature.length);
        Files.writeString(dir.resolve(alias + ".csr"), pem("NEW CERTIFICATE REQUEST", der(0x30, info, algorithm,
                der(0x03, bits))));
    }

    /** A DER element: tag, definite length, the parts concatenated. */
    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        int n = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private List<String> gencert(String alias, String san, String eku) {
        return keytool("-gencert", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(),
                "-storepass", PASSWORD, "-infile", dir.resolve(alias + ".csr").toString(),
                "-outfile", dir.resolve(alias + ".crt").toString(), "-rfc", "-validity", "30",
                "-ext", san, "-ext", eku, "-ext", "ku=digitalSignature,keyEncipherment");
    }

    private static List<String> keytool(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto", "-noprompt"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs the commands at once and waits for all; any failure throws with keytool's output. */
    private void run(List<List<String>> commands) throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (List<String> cmd : commands) {
            Path log = Files.createTempFile(dir, "keytool", ".log");
            logs.add(log);
            processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            if (!p.waitFor(SwarmnetProcess.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish: " + commands.get(i));
            }
            if (p.exitValue() != 0) {
                throw new IOException("keytool failed (" + p.exitValue() + "): " + commands.get(i) + "\n"
                        + Files.readString(logs.get(i)));
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
