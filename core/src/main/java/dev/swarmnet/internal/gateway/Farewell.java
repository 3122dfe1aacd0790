package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * The last words on a connection the gateway ends: an ERROR, then FIN, then what the peer still sends
 * is read and discarded, briefly. Closing a socket with unread input resets the connection, and a
 * reset can destroy the ERROR before the peer reads it.
 */
final class Farewell {
    private static final int DRAIN_MILLIS = 1000;
    private static final long MAX_DRAIN_BYTES = 1 << 20;

    private Farewell() {
    }

    /** Sends {@code code} and {@code message}, then drains; quietly (the peer may be gone already). */
    static void errorThenDrain(Transport transport, ConnectionWriter writer, ErrorCode code, String message) {
        try {
            ErrorReply.send(writer, code, message);
            drain(transport);
        } catch (IOException ignored) {
            // the peer is already gone; the reason is logged by the caller
        }
    }

    /** FIN, then discards what the peer still sends, for at most 1 s or 1 MiB. */
    static void drain(Transport transport) throws IOException {
        transport.shutdownOutput();
        transport.setReadTimeout(DRAIN_MILLIS);
        InputStream in = transport.input();
        byte[] discard = new byte[8192];
        long total = 0;
        try {
            int n;
            while (total < MAX_DRAIN_BYTES && (n = in.read(discard)) >= 0) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            // the peer kept the connection open; close it anyway
        }
    }
}
