package dev.swarmnet.internal.client;

import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;

/**
 * The request-and-reply exchanges of a client's simple operations, each on a connection its {@link Operation}
 * holds: the frames go out, the one answer comes back. Streams are {@link StreamReceiver}'s, file transfers the
 * transfer jobs'.
 */
public final class Exchanges {
    private Exchanges() {
    }

    /** PING with {@code message}, and the PONG's echo of it. */
    public static String ping(Connection connection, byte[] message) throws IOException {
        connection.send(sink -> Frames.bytes(sink, Protocol.PING, message));
        connection.expect(Protocol.PONG);
        return connection.read(r -> r.readUtf8(r.remaining()));
    }

    /** BATCH_CALL, and the BATCH_RESULT's bytes. */
    public static byte[] batch(Connection connection, byte[] name, byte[] args) throws IOException {
        connection.send(sink -> Frames.batchCall(sink, name, args));
        connection.expect(Protocol.BATCH_RESULT);
        return connection.read(r -> r.readRest());
    }

    /** SEND_CALL with {@code buffer}, and the SEND_RESULT's int. */
    public static int send(Connection connection, byte[] name, byte[] args, byte[] buffer) throws IOException {
        connection.send(sink -> Frames.sendCall(sink, name, args, buffer));
        connection.expect(Protocol.SEND_RESULT);
        return connection.read(r -> r.readInt());
    }

    /** CLOSE_HANDLER or CLOSE_GATEWAY ({@code type}), and the BYE. */
    public static void goodbye(Connection connection, int type) throws IOException {
        connection.send(sink -> Frames.empty(sink, type));
        connection.expect(Protocol.BYE);
    }
}
