package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.Frames;
import java.io.IOException;

/** The gateway's one way to answer a request with an ERROR frame on its connection. */
final class ErrorReply {
    private ErrorReply() {
    }

    static void send(ConnectionWriter writer, ErrorCode code, String message) throws IOException {
        writer.write(sink -> Frames.error(sink, code, message));
    }
}
