package dev.swarmnet.internal.wire;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Small channel helpers. */
public final class Channels {
    private Channels() {
    }

    /** Writes all of {@code buf}; a blocking channel may take it in several calls. */
    public static void writeFully(WritableByteChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** Closes a socket (or any channel) whose failure to close leaves nothing more to do. */
    public static void closeQuietly(Closeable channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do for a socket that will not close
        }
    }
}
