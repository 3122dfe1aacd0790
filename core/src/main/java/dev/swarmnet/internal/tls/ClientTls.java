package dev.swarmnet.internal.tls;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A controller's TLS: whom to trust (CAs, the JDK's default CAs, or pinned certificate fingerprints),
 * whether to check the gateway's host name, and optionally a client certificate to present.
 */
public final class ClientTls {
    /** TLS 1.3, and 1.2 for peers that lack it. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory factory;
    private final boolean verifyHostname;
    private final boolean pinned;
    private final boolean presentsCertificate;

    private ClientTls(SSLSocketFactory factory, boolean verifyHostname, boolean pinned, boolean presentsCertificate) {
        this.factory = factory;
        this.verifyHostname = verifyHostname;
        this.pinned = pinned;
        this.presentsCertificate = presentsCertificate;
    }

    /**
     * @param trust the CAs to trust; null for the JDK's default CAs, or for pins alone when there are pins
     * @param pins SHA-256 fingerprints of acceptable gateway certificates; empty for none
     * @param key a client certificate to present, or null
     * @param verifyHostname check the gateway's certificate names the host dialled (only with CA trust)
     */
    public static ClientTls create(TrustSource trust, List<byte[]> pins, KeySource key, boolean verifyHostname) {
        X509ExtendedTrustManager manager;
        boolean caChecks = trust != null || pins.isEmpty();
        if (pins.isEmpty()) {
            manager = TlsMaterial.trustManager(trust);
        } else {
            manager = new PinningTrustManager(pins, trust == null ? null : TlsMaterial.trustManager(trust));
        }
        KeyManager[] keys = key == null ? null : TlsMaterial.keyManagers(key, "controller");
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {manager}, null);
            return new ClientTls(context.getSocketFactory(), verifyHostname && caChecks, !pins.isEmpty(), key != null);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the controller: " + e.getMessage(), e);
        }
    }

    /** Layers a client-side SSL socket over a connected channel; the caller runs the handshake. */
    public SSLSocket layer(SocketChannel channel, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket(channel.socket(), host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        socket.setSSLParameters(parameters);
        return socket;
    }

    boolean verifiesHostname() {
        return verifyHostname;
    }

    boolean pinned() {
        return pinned;
    }

    boolean presentsCertificate() {
        return presentsCertificate;
    }
}
