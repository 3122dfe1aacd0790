package dev.swarmnet.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;

/** Socket housekeeping shared by the proxy's pieces. */
final class Sockets {
    private Sockets() {
    }

    /**
     * Closes with SO_LINGER 0, so the kernel sends RST instead of FIN and discards unsent data: the
     * peer learns at once that the connection is gone, as after a crash or a middlebox dropping it.
     */
    static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException alreadyClosed) {
            // Nothing left to reset; closing below is still harmless.
        }
        closeQuietly(socket);
    }

    /** Closes, ignoring failures: used on paths that are already tearing down. */
    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // The resource is unusable either way and there is nobody to report to.
        }
    }
}
