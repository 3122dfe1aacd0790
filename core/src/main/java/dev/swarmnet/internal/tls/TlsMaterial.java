package dev.swarmnet.internal.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Turns key and trust sources into JSSE key and trust managers. Every problem (missing file, wrong
 * password, a key that does not belong to its certificate) is an {@link IllegalArgumentException}
 * that says which file and what to do, raised when the configuration is given to a builder.
 */
final class TlsMaterial {
    /** The password of the in-memory key store built from PEM files; it never leaves this process. */
    private static final char[] IN_MEMORY = "swarmnet-in-memory".toCharArray();

    private TlsMaterial() {
    }

    static KeyManager[] keyManagers(KeySource source, String role) {
        KeyStore store;
        char[] password;
        if (source.keyStore() != null) {
            store = load(source.keyStore(), source.keyStorePassword(), "key store");
            password = source.keyStorePassword();
            requireKeyEntry(store, source.keyStore());
        } else {
            List<X509Certificate> chain = Pem.certificates(source.chainPem());
            PrivateKey key = Pem.privateKey(source.keyPem());
            checkPair(key, chain.get(0), source.keyPem(), source.chainPem());
            password = IN_MEMORY;
            try {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(role, key, password, chain.toArray(new Certificate[0]));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("cannot use the key in " + source.keyPem() + ": " + e.getMessage(), e);
            }
        }
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("the private key in " + source.keyStore()
                    + " cannot be opened with the key store's password (swarmnet needs the key and the store to share"
                    + " one password)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the " + role + " key: " + e.getMessage(), e);
        }
    }

    /** The trust manager for {@code source}; with null, the JDK's default certificate authorities. */
    static X509ExtendedTrustManager trustManager(TrustSource source) {
        KeyStore store = null;
        if (source != null && source.caPem() != null) {
            List<X509Certificate> cas = Pem.certificates(source.caPem());
            try {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    store.setCertificateEntry("ca-" + i, cas.get(i));
                }
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("cannot trust the certificates in " + source.caPem() + ": "
                        + e.getMessage(), e);
            }
        } else if (source != null) {
            store = load(source.trustStore(), source.trustStorePassword(), "trust store");
            requireCertificateEntry(store, source.trustStore());
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager) {
                    return (X509ExtendedTrustManager) m;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build a trust manager: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such " + what + " file: " + file);
        }
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new IllegalArgumentException("cannot open the " + what + " " + file + ": wrong password", e);
            }
            throw new IllegalArgumentException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the " + what + " " + file + " (PKCS#12 or JKS expected): "
                    + e.getMessage(), e);
        }
    }

    private static void requireKeyEntry(KeyStore store, Path file) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the key store " + file + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the key store " + file + " holds no private key");
    }

    private static void requireCertificateEntry(KeyStore store, Path file) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    return;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the trust store " + file + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the trust store " + file + " holds no trusted certificate (import the CA"
                + " with keytool -importcert, or give its PEM file instead)");
    }

    /** A key that does not belong to its certificate fails every handshake: say so now, naming both files. */
    private static void checkPair(PrivateKey key, X509Certificate leaf, Path keyFile, Path chainFile) {
        String algorithm;
        switch (key.getAlgorithm()) {
            case "RSA":
                algorithm = "SHA256withRSA";
                break;
            case "EC":
                algorithm = "SHA256withECDSA";
                break;
            case "EdDSA":
            case "Ed25519":
            case "Ed448":
                algorithm = key.getAlgorithm();
                break;
            default:
                return; // nothing simple to check with; the handshake will tell
        }
        byte[] probe = "swarmnet key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("the private key in " + keyFile + " does not belong to the first"
                    + " certificate in " + chainFile + " (" + leaf.getSubjectX500Principal().getName() + ")");
        }
    }
}
