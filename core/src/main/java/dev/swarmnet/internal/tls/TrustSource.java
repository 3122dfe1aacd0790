package dev.swarmnet.internal.tls;

import java.nio.file.Path;

/** Which certificate authorities to trust: a PEM file of CA certificates, or a trust store and its password. */
public record TrustSource(Path caPem, Path trustStore, char[] trustStorePassword) {
    public static TrustSource pem(Path caPem) {
        return new TrustSource(caPem, null, null);
    }

    public static TrustSource trustStore(Path trustStore, char[] password) {
        return new TrustSource(null, trustStore, password.clone());
    }
}
