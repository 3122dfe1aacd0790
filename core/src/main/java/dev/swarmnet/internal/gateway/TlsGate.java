package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.Handshake;
import dev.swarmnet.internal.wire.Protocol;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;

/**
 * The first moments of a connection to a TLS gateway. A TLS client speaks first (its ClientHello), a
 * plain swarmnet client waits for the gateway's hello: so the gateway waits for the first byte, and a
 * connection that stays silent is told, in plain swarmnet, that this gateway needs TLS.
 */
final class TlsGate {
    /** {@link #firstByte}: nothing arrived in time. */
    static final int SILENT = -2;

    private TlsGate() {
    }

    /** The first byte the client sends, -1 if it closed, {@link #SILENT} if nothing came within the timeout. */
    static int firstByte(SocketChannel channel, int timeoutMillis) throws IOException {
        channel.socket().setSoTimeout(timeoutMillis);
        try {
            return channel.socket().getInputStream().read();
        } catch (SocketTimeoutException e) {
            return SILENT;
        }
    }

    /** Whether {@code first} can start a TLS handshake. */
    static boolean isTls(int first) {
        return first == Handshake.TLS_HANDSHAKE_RECORD;
    }

    /** The byte already read, to give back to the SSL socket. */
    static InputStream consumed(int first) {
        return new ByteArrayInputStream(new byte[] {(byte) first});
    }

    /** Tells a plain swarmnet client, in its own protocol, why it is refused; quietly. */
    static void refuseInCleartext(SocketChannel channel) {
        try {
            ConnectionWriter writer = new ConnectionWriter(channel);
            Handshake.writeServerHello(writer, Protocol.STATUS_REFUSED);
            ErrorReply.send(writer, ErrorCode.PROTOCOL_ERROR, "this gateway accepts only TLS"
                    + " connections; configure the controller with Controller.builder().tls(TlsConfig.client()...)");
        } catch (IOException ignored) {
            // the client is gone; nothing to tell
        }
    }
}
