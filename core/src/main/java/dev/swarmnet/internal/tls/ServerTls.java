package dev.swarmnet.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/** A gateway's TLS: its certificate and key, and optionally the CAs whose client certificates it requires. */
public final class ServerTls {
    private final SSLSocketFactory factory;
    private final boolean requireClientCertificates;

    private ServerTls(SSLSocketFactory factory, boolean requireClientCertificates) {
        this.factory = factory;
        this.requireClientCertificates = requireClientCertificates;
    }

    /**
     * Loads the key material now, so that a wrong path or password fails when the gateway is configured.
     *
     * @param clientTrust the CAs client certificates must chain to, or null not to ask clients for one
     */
    public static ServerTls create(KeySource key, TrustSource clientTrust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager[] trust = clientTrust == null ? null
                    : new TrustManager[] {TlsMaterial.trustManager(clientTrust)};
            context.init(TlsMaterial.keyManagers(key, "gateway"), trust, null);
            return new ServerTls(context.getSocketFactory(), clientTrust != null);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the gateway: " + e.getMessage(), e);
        }
    }

    /**
     * Layers a server-side SSL socket over an accepted connection. No I/O happens here: the caller
     * runs the handshake on the handler's thread under its timeout.
     *
     * @param consumed bytes already read from the connection (the first byte of the ClientHello)
     */
    public SSLSocket layer(SocketChannel channel, InputStream consumed) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket(channel.socket(), consumed, true);
        socket.setUseClientMode(false);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(ClientTls.PROTOCOLS);
        parameters.setNeedClientAuth(requireClientCertificates);
        socket.setSSLParameters(parameters);
        return socket;
    }

    public boolean requiresClientCertificates() {
        return requireClientCertificates;
    }
}
