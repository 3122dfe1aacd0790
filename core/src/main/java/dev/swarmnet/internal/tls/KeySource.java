package dev.swarmnet.internal.tls;

import java.nio.file.Path;

/**
 * Where a certificate and its private key come from: a PEM chain plus a PEM key, or a key store
 * (PKCS#12 or JKS) and its password.
 */
public record KeySource(Path chainPem, Path keyPem, Path keyStore, char[] keyStorePassword) {
    public static KeySource pem(Path chainPem, Path keyPem) {
        return new KeySource(chainPem, keyPem, null, null);
    }

    public static KeySource keyStore(Path keyStore, char[] password) {
        return new KeySource(null, null, keyStore, password.clone());
    }
}
