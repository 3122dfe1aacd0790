package dev.swarmnet.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.PrivateKey;
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
 * Test certificates made with the JDK alone: {@code keytool} (run as a process) makes the self-signed
 * certificates and signs the others with a test CA, from certificate requests this class writes;
 * private keys and chains are written as PEM (PKCS#8 for keys) and PKCS#12 through {@link KeyStore}.
 * Made once per test JVM (each keytool run is a JVM start), in a temporary folder deleted when the
 * JVM exits.
 *
 * <ul>
 *   <li>{@code ca}: the test CA (EC P-256)
 *   <li>{@code server}: RSA 2048, signed by ca, SAN IP:127.0.0.1 and DNS:localhost
 *   <li>{@code ec}: EC P-256, signed by ca, the same names, for servers and clients (mutual TLS)
 *   <li>{@code wrongHost}: signed by ca, SAN DNS:wrong.example only
 *   <li>{@code selfSigned}: EC, self-signed, SAN IP:127.0.0.1 (for pinning; as a trust anchor it is
 *       an unrelated CA, as a client certificate an untrusted one)
 * </ul>
 * Independent keytool runs go in parallel.
 */
public final class TestPki {
    public static final char[] PASSWORD = "test-password".toCharArray();
    private static final String STOREPASS = new String(PASSWORD);
    private static TestPki instance;

    /** One certificate: its chain (leaf first) and PKCS#8 key as PEM, and both in a PKCS#12 store. */
    public record Identity(Path chainPem, Path keyPem, Path p12, Path certPem) {
    }

    public final Path dir;
    public final Path caPem;
    /** A CA certificate that signed none of the others (the self-signed certificate). */
    public final Path otherCaPem;
    /** A PKCS#12 trust store holding the test CA. */
    public final Path caTrustStore;
    public final Identity server;
    public final Identity ec;
    public final Identity wrongHost;
    public final Identity selfSigned;

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        // keytool runs only where the JDK has no public API: self-signed certificates and signing. The
        // leaves' key pairs and certificate requests are made here, which saves six JVM starts.
        runAll(List.of(
                genkey("ca", "EC", "CN=swarmnet test CA", "bc:c", "ku:c=keyCertSign,cRLSign"),
                genkey("selfsigned", "EC", "CN=self-signed gateway", "san=ip:127.0.0.1,dns:localhost", null)));
        KeyPair serverKeys = keyPair("RSA");
        KeyPair ecKeys = keyPair("EC");
        KeyPair wrongHostKeys = keyPair("EC");
        csr("server", serverKeys, "CN=localhost");
        csr("ec", ecKeys, "CN=localhost");
        csr("wronghost", wrongHostKeys, "CN=wrong.example");
        runAll(List.of(
                gencert("server", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth"),
                gencert("ec", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth,clientAuth"),
                gencert("wronghost", "san=dns:wrong.example", "eku=serverAuth")));

        X509Certificate ca = (X509Certificate) load("ca").getCertificate("ca");
        caPem = writePem(dir.resolve("ca.pem"), List.of(ca));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        caTrustStore = store(trust, dir.resolve("ca-truststore.p12"));

        server = signed("server", serverKeys.getPrivate(), ca);
        ec = signed("ec", ecKeys.getPrivate(), ca);
        wrongHost = signed("wronghost", wrongHostKeys.getPrivate(), ca);
        KeyStore self = load("selfsigned");
        X509Certificate selfCert = (X509Certificate) self.getCertificate("selfsigned");
        selfSigned = identity("selfsigned", (PrivateKey) self.getKey("selfsigned", PASSWORD), List.of(selfCert));
        otherCaPem = selfSigned.certPem();
    }

    /** The certificates, made on first use. */
    public static synchronized TestPki get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("swarmnet-test-pki");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                instance = new TestPki(dir);
            } catch (Exception e) {
                throw new IllegalStateException("could not make the test certificates with keytool: " + e, e);
            }
        }
        return instance;
    }

    /** Writes {@code text} to a file in the PKI folder (for malformed-input tests). */
    public Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Identity signed(String alias, PrivateKey key, X509Certificate ca) throws Exception {
        X509Certificate leaf;
        try (var in = Files.newInputStream(dir.resolve(alias + ".crt"))) {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return identity(alias, key, List.of(leaf, ca));
    }

    private Identity identity(String alias, PrivateKey key, List<X509Certificate> chain) throws Exception {
        Path chainPem = writePem(dir.resolve(alias + "-chain.pem"), chain);
        Path certPem = writePem(dir.resolve(alias + "-cert.pem"), chain.subList(0, 1));
        Path keyPem = Files.writeString(dir.resolve(alias + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry(alias, key, PASSWORD, chain.toArray(new Certificate[0]));
        return new Identity(chainPem, keyPem, store(p12, dir.resolve(alias + "-identity.p12")), certPem);
    }

    private Path store(KeyStore ks, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        return file;
    }

    private KeyStore load(String alias) throws IOException, GeneralSecurityException {
        return KeyStore.getInstance(dir.resolve(alias + ".p12").toFile(), PASSWORD);
    }

    private static Path writePem(Path file, List<X509Certificate> certificates) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate c : certificates) {
            text.append(pem("CERTIFICATE", c.getEncoded()));
        }
        return Files.writeString(file, text);
    }

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    // ---------------------------------------------------------------- keytool

    private List<String> genkey(String alias, String algorithm, String dname, String ext1, String ext2) {
        List<String> cmd = keytool("-genkeypair", "-alias", alias, "-keyalg", algorithm, "-dname", dname,
                "-validity", "30", "-keystore", dir.resolve(alias + ".p12").toString(), "-storetype", "PKCS12",
                "-storepass", STOREPASS, "-keypass", STOREPASS);
        if (algorithm.equals("RSA")) {
            cmd.addAll(List.of("-keysize", "2048"));
        } else {
            cmd.addAll(List.of("-groupname", "secp256r1"));
        }
        for (String ext : new String[] {ext1, ext2}) {
            if (ext != null) {
                cmd.addAll(List.of("-ext", ext));
            }
        }
        return cmd;
    }

    private static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
        return generator.generateKeyPair();
    }

    /**
     * A PKCS#10 certificate request for keytool -gencert (RFC 2986): SEQUENCE { SEQUENCE { version 0,
     * subject, public key info, [0] no attributes }, signature algorithm, BIT STRING signature }.
     */
    private void csr(String alias, KeyPair keys, String subject) throws Exception {
        boolean rsa = keys.getPrivate().getAlgorithm().equals("RSA");
        byte[] info = der(0x30, new byte[] {0x02, 0x01, 0x00}, new X500Principal(subject).getEncoded(),
                keys.getPublic().getEncoded(), new byte[] {(byte) 0xA0, 0x00});
        Signature signer = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(info);
        byte[] signature = signer.sign();
        byte[] algorithm = rsa
                ? new byte[] {0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01,
                    0x0B, 0x05, 0x00} // sha256WithRSAEncryption, NULL
                : new byte[] {0x30, 0x0A, 0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
        byte[] bits = new byte[signature.length + 1]; // BIT STRING: no unused bits, then the signature
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] request = der(0x30, info, algorithm, der(0x03, bits));
        Files.writeString(dir.resolve(alias + ".csr"), pem("NEW CERTIFICATE REQUEST", request));
    }

    /** A DER element: tag, definite length, the parts concatenated. */
    private static byte[] der(int tag, byte[]... parts) {
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        int n = content.size();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
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
                "-storepass", STOREPASS, "-infile", dir.resolve(alias + ".csr").toString(),
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
    private void runAll(List<List<String>> commands) throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (List<String> cmd : commands) {
            Path log = Files.createTempFile(dir, "keytool", ".log");
            logs.add(log);
            processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
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
