package dev.swarmnet.support;

import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;

/** The bytes the library's own encoders put on the wire, captured without a socket. */
public final class Encoded {
    private Encoded() {
    }

    /** What {@code encoder} writes (one or more frames), as a connection would send it. */
    public static byte[] frames(FrameEncoder encoder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new ConnectionWriter(Channels.newChannel(out)).write(encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
