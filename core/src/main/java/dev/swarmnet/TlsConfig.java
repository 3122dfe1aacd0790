package dev.swarmnet;

import dev.swarmnet.internal.tls.ClientTls;
import dev.swarmnet.internal.tls.Fingerprints;
import dev.swarmnet.internal.tls.KeySource;
import dev.swarmnet.internal.tls.Pem;
import dev.swarmnet.internal.tls.ServerTls;
import dev.swarmnet.internal.tls.TrustSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * TLS for a gateway ({@link #server()}) or a controller ({@link #client()}), with the JDK's own TLS
 * (JSSE): TLS 1.3, or 1.2 with peers that lack 1.3. Immutable: every method returns a new
 * configuration. Files are read when the configuration is given to {@link Gateway.Builder#tls} or
 * {@link Controller.Builder#tls}, which fail there with an {@link IllegalArgumentException} naming
 * the file and the problem (missing, wrong password, a key that does not belong to its certificate).
 *
 * <pre>{@code
 * Gateway.builder().tls(TlsConfig.server()
 *         .certificateChain(Path.of("gateway-chain.pem"))       // leaf first, then intermediates
 *         .privateKey(Path.of("gateway-key.pem")))               // PKCS#8, RSA or EC
 * Controller.builder().tls(TlsConfig.client()
 *         .trustCertificates(Path.of("ca.pem")))                 // checks the host name too
 * Controller.builder().tls(TlsConfig.client()
 *         .pinSha256("3F:2A:...:9C"))                            // or trust exactly one certificate
 * }</pre>
 *
 * <p>Plain TCP remains the default: a gateway or controller without {@code tls(...)} speaks plain
 * swarmnet, and each side refuses the other kind with a clear error.
 */
public abstract sealed class TlsConfig permits TlsConfig.Server, TlsConfig.Client {
    TlsConfig() {
    }

    /** An empty gateway-side configuration: give it a certificate and key. */
    public static Server server() {
        return new Server(null, null, null, null, null, null, null);
    }

    /**
     * A controller-side configuration. As it is, it trusts the JDK's default certificate authorities
     * and checks the gateway's host name; narrow it with {@link Client#trustCertificates},
     * {@link Client#trustStore} or {@link Client#pinSha256}.
     */
    public static Client client() {
        return new Client(null, null, null, List.of(), null, null, null, null, true);
    }

    /**
     * The SHA-256 fingerprint of the first certificate in a PEM file, as {@code AB:CD:...}: the value
     * for {@link Client#pinSha256}. ({@code keytool -printcert -file cert.pem} prints the same.)
     *
     * @throws IllegalArgumentException if the file holds no PEM certificate
     */
    public static String sha256Fingerprint(Path certificatePem) {
        Objects.requireNonNull(certificatePem, "certificatePem");
        return Fingerprints.format(Fingerprints.sha256(Pem.certificates(certificatePem).get(0)));
    }

    /** A gateway's TLS: its certificate and private key, and optionally required client certificates. */
    public static final class Server extends TlsConfig {
        private final Path chainPem;
        private final Path keyPem;
        private final Path keyStore;
        private final char[] keyStorePassword;
        private final Path clientCaPem;
        private final Path clientTrustStore;
        private final char[] clientTrustStorePassword;

        private Server(Path chainPem, Path keyPem, Path keyStore, char[] keyStorePassword, Path clientCaPem,
                Path clientTrustStore, char[] clientTrustStorePassword) {
            this.chainPem = chainPem;
            this.keyPem = keyPem;
            this.keyStore = keyStore;
            this.keyStorePassword = keyStorePassword;
            this.clientCaPem = clientCaPem;
            this.clientTrustStore = clientTrustStore;
            this.clientTrustStorePassword = clientTrustStorePassword;
        }

        /** The gateway's certificate chain in PEM: its own certificate first, then any intermediates. */
        public Server certificateChain(Path pem) {
            Objects.requireNonNull(pem, "pem");
            requireNoKeyStore();
            return new Server(pem, keyPem, null, null, clientCaPem, clientTrustStore, clientTrustStorePassword);
        }

        /**
         * The gateway's private key in PEM: unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}; RSA, EC or
         * EdDSA), or the older {@code BEGIN RSA PRIVATE KEY} / {@code BEGIN EC PRIVATE KEY}. Encrypted
         * keys are refused with the openssl command that converts them; keep the file readable only
         * by the gateway's user, or use {@link #keyStore} instead.
         */
        public Server privateKey(Path pem) {
            Objects.requireNonNull(pem, "pem");
            requireNoKeyStore();
            return new Server(chainPem, pem, null, null, clientCaPem, clientTrustStore, clientTrustStorePassword);
        }

        /**
         * The gateway's certificate chain and key from a PKCS#12 (or JKS) key store; the key's password
         * must be the store's. The array is copied.
         */
        public Server keyStore(Path p12, char[] password) {
            Objects.requireNonNull(p12, "p12");
            Objects.requireNonNull(password, "password");
            if (chainPem != null || keyPem != null) {
                throw new IllegalStateException("a gateway's certificate comes from PEM files or from a key store,"
                        + " not both");
            }
            return new Server(null, null, p12, password.clone(), clientCaPem, clientTrustStore,
                    clientTrustStorePassword);
        }

        /**
         * Mutual TLS: every controller must present a certificate signed by one of the CAs in this PEM
         * file (see {@link Client#clientCertificate}); others fail the handshake.
         */
        public Server requireClientCertificates(Path caPem) {
            Objects.requireNonNull(caPem, "caPem");
            return new Server(chainPem, keyPem, keyStore, keyStorePassword, caPem, null, null);
        }

        /** Mutual TLS with the client CAs in a PKCS#12 (or JKS) trust store. The array is copied. */
        public Server requireClientCertificates(Path trustStore, char[] password) {
            Objects.requireNonNull(trustStore, "trustStore");
            Objects.requireNonNull(password, "password");
            return new Server(chainPem, keyPem, keyStore, keyStorePassword, null, trustStore, password.clone());
        }

        /** Reads the files and sets up JSSE; every problem is an IllegalArgumentException. */
        ServerTls load() {
            KeySource key;
            if (keyStore != null) {
                key = KeySource.keyStore(keyStore, keyStorePassword);
            } else if (chainPem != null && keyPem != null) {
                key = KeySource.pem(chainPem, keyPem);
            } else {
                throw new IllegalArgumentException("a TLS gateway needs its certificate and key:"
                        + " TlsConfig.server().certificateChain(pem).privateKey(pem), or .keyStore(p12, password)");
            }
            TrustSource clients = clientCaPem != null ? TrustSource.pem(clientCaPem)
                    : clientTrustStore != null ? TrustSource.trustStore(clientTrustStore, clientTrustStorePassword)
                    : null;
            return ServerTls.create(key, clients);
        }

        private void requireNoKeyStore() {
            if (keyStore != null) {
                throw new IllegalStateException("a gateway's certificate comes from PEM files or from a key store,"
                        + " not both");
            }
        }

        @Override
        public String toString() {
            return "TlsConfig.server[" + (keyStore != null ? "keyStore=" + keyStore
                    : "certificateChain=" + chainPem + ", privateKey=" + keyPem)
                    + (clientCaPem != null ? ", requireClientCertificates=" + clientCaPem
                            : clientTrustStore != null ? ", requireClientCertificates=" + clientTrustStore : "")
                    + "]";
        }
    }

    /**
     * A controller's TLS: whom to trust, whether to check the host name, and optionally a client
     * certificate for gateways that require one.
     */
    public static final class Client extends TlsConfig {
        private final Path caPem;
        private final Path trustStore;
        private final char[] trustStorePassword;
        private final List<byte[]> pins;
        private final Path chainPem;
        private final Path keyPem;
        private final Path keyStore;
        private final char[] keyStorePassword;
        private final boolean hostnameVerification;

        private Client(Path caPem, Path trustStore, char[] trustStorePassword, List<byte[]> pins, Path chainPem,
                Path keyPem, Path keyStore, char[] keyStorePassword, boolean hostnameVerification) {
            this.caPem = caPem;
            this.trustStore = trustStore;
            this.trustStorePassword = trustStorePassword;
            this.pins = pins;
            this.chainPem = chainPem;
            this.keyPem = keyPem;
            this.keyStore = keyStore;
            this.keyStorePassword = keyStorePassword;
            this.hostnameVerification = hostnameVerification;
        }

        /**
         * Trusts gateways whose certificate is signed by one of the CA certificates in this PEM file
         * (instead of the JDK's default CAs). The certificate must also name the host the controller
         * dials, unless {@link #hostnameVerification(boolean)} is switched off.
         */
        public Client trustCertificates(Path caPem) {
            Objects.requireNonNull(caPem, "caPem");
            return new Client(caPem, null, null, pins, chainPem, keyPem, keyStore, keyStorePassword,
                    hostnameVerification);
        }

        /** Trusts the CAs in a PKCS#12 (or JKS) trust store. The array is copied. */
        public Client trustStore(Path p12, char[] password) {
            Objects.requireNonNull(p12, "p12");
            Objects.requireNonNull(password, "password");
            return new Client(null, p12, password.clone(), pins, chainPem, keyPem, keyStore, keyStorePassword,
                    hostnameVerification);
        }

        /**
         * Trusts exactly the gateway certificate with this SHA-256 fingerprint (64 hex digits, ':' and
         * spaces allowed, as {@code keytool -printcert} or {@link TlsConfig#sha256Fingerprint} print
         * it). Call again to accept several (e.g. while replacing a certificate). Pinning needs no CA,
         * and checks neither host name nor validity dates: the handshake proves the gateway holds that
         * certificate's key. With a CA configured as well, both checks must pass.
         */
        public Client pinSha256(String fingerprint) {
            Objects.requireNonNull(fingerprint, "fingerprint");
            List<byte[]> more = new ArrayList<>(pins);
            more.add(Fingerprints.parseSha256(fingerprint));
            return new Client(caPem, trustStore, trustStorePassword, List.copyOf(more), chainPem, keyPem, keyStore,
                    keyStorePassword, hostnameVerification);
        }

        /**
         * Presents this certificate (PEM chain, leaf first) and key (PEM, as for
         * {@link Server#privateKey}) to gateways that require client certificates.
         */
        public Client clientCertificate(Path chainPem, Path keyPem) {
            Objects.requireNonNull(chainPem, "chainPem");
            Objects.requireNonNull(keyPem, "keyPem");
            return new Client(caPem, trustStore, trustStorePassword, pins, chainPem, keyPem, null, null,
                    hostnameVerification);
        }

        /** Presents the certificate and key of a PKCS#12 (or JKS) key store. The array is copied. */
        public Client clientKeyStore(Path p12, char[] password) {
            Objects.requireNonNull(p12, "p12");
            Objects.requireNonNull(password, "password");
            return new Client(caPem, trustStore, trustStorePassword, pins, null, null, p12, password.clone(),
                    hostnameVerification);
        }

        /**
         * Whether the gateway's certificate must name the host the controller dials (default true;
         * HTTPS rules: a DNS name, or an IP address in the subject alternative names). Switch it off only
         * for deployments that dial IP addresses their certificates do not carry; trust is then
         * "any certificate of the trusted CA". Pinned certificates are never checked for names.
         */
        public Client hostnameVerification(boolean verify) {
            return new Client(caPem, trustStore, trustStorePassword, pins, chainPem, keyPem, keyStore,
                    keyStorePassword, verify);
        }

        /** Reads the files and sets up JSSE; every problem is an IllegalArgumentException. */
        ClientTls load() {
            TrustSource trust = caPem != null ? TrustSource.pem(caPem)
                    : trustStore != null ? TrustSource.trustStore(trustStore, trustStorePassword) : null;
            KeySource key = keyStore != null ? KeySource.keyStore(keyStore, keyStorePassword)
                    : chainPem != null ? KeySource.pem(chainPem, keyPem) : null;
            return ClientTls.create(trust, pins, key, hostnameVerification);
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (caPem != null) {
                parts.add("trustCertificates=" + caPem);
            }
            if (trustStore != null) {
                parts.add("trustStore=" + trustStore);
            }
            if (!pins.isEmpty()) {
                parts.add("pins=" + pins.size());
            }
            if (caPem == null && trustStore == null && pins.isEmpty()) {
                parts.add("JDK default CAs");
            }
            if (chainPem != null) {
                parts.add("clientCertificate=" + chainPem);
            }
            if (keyStore != null) {
                parts.add("clientKeyStore=" + keyStore);
            }
            parts.add("hostnameVerification=" + hostnameVerification);
            return "TlsConfig.client" + parts;
        }
    }
}
