package dev.swarmnet.internal.tls;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a gateway whose leaf certificate has one of the pinned SHA-256 fingerprints. The handshake
 * itself proves the gateway holds that certificate's private key, so no CA chain, validity period or
 * host name is checked — unless a CA is configured too, in which case its checks run first and the
 * pin is required on top. It is an {@link X509ExtendedTrustManager} so JSSE uses it as it is, without
 * adding checks of its own.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {
    private final List<byte[]> pins;
    private final X509ExtendedTrustManager delegate;

    /** @param delegate CA checks to run before the pin check, or null for the pin alone */
    PinningTrustManager(List<byte[]> pins, X509ExtendedTrustManager delegate) {
        this.pins = List.copyOf(pins);
        this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (delegate != null) {
            delegate.checkServerTrusted(chain, authType, socket);
        }
        checkPin(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (delegate != null) {
            delegate.checkServerTrusted(chain, authType, engine);
        }
        checkPin(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (delegate != null) {
            delegate.checkServerTrusted(chain, authType);
        }
        checkPin(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a controller's pinning trust manager does not check clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a controller's pinning trust manager does not check clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a controller's pinning trust manager does not check clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate != null ? delegate.getAcceptedIssuers() : new X509Certificate[0];
    }

    private void checkPin(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the gateway presented no certificate");
        }
        byte[] actual = Fingerprints.sha256(chain[0]);
        for (byte[] pin : pins) {
            if (MessageDigest.isEqual(pin, actual)) {
                return;
            }
        }
        throw new PinMismatchException("the gateway's certificate (" + chain[0].getSubjectX500Principal().getName()
                + ") has SHA-256 fingerprint " + Fingerprints.format(actual) + ", which does not match the pinned "
                + pins.stream().map(Fingerprints::format).collect(Collectors.joining(" or ")));
    }
}
