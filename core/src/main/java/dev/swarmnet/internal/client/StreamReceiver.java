package dev.swarmnet.internal.client;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.RemoteException;
import dev.swarmnet.StreamCallback;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.internal.Rethrow;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Receives one stream on the calling thread: each chunk goes to the callback as it is read, and
 * credit goes back in batches of half the window, so the gateway never waits for a per-chunk
 * acknowledgement and never runs more than a window ahead of the callback.
 *
 * <p>Threads and fields. One thread only: the caller's, which runs the client's stream {@link Operation} (and
 * so holds the connection's operation lock) and the callback. {@code unreported}, {@code aborted} and
 * {@code callbackFailure} are that thread's and unguarded; the rest is final. Other threads reach this stream
 * only through the connection: the watchdog or the operation's deadline cut it, and the blocked read then fails
 * here with the reason.
 */
public final class StreamReceiver {
    private final Connection connection;
    private final String name;
    private final int window;
    private long unreported;
    private boolean aborted;
    private Throwable callbackFailure;

    public StreamReceiver(Connection connection, String name, int window) {
        this.connection = connection;
        this.name = name;
        this.window = window;
    }

    /** Runs the stream to its end; true if it ended normally, false if the callback aborted it. */
    public boolean run(byte[] encodedName, byte[] encodedArgs, StreamCallback callback, Consumer<String> onEnd)
            throws IOException {
        connection.send(sink -> Frames.streamCall(sink, encodedName, encodedArgs, window));
        while (true) {
            int type;
            try {
                type = connection.next();
            } catch (RemoteException e) {
                rethrowCallbackFailure();
                if (aborted) {
                    return false;
                }
                throw e;
            }
            if (type == Protocol.STREAM_END) {
                int reason = connection.read(r -> r.readUnsignedByte());
                rethrowCallbackFailure();
                if (aborted) {
                    return false;
                }
                if (reason != Protocol.END_COMPLETED) {
                    throw connection.fail(new SwarmnetException("the gateway ended stream '" + name
                            + "' before it completed (reason " + reason + ")"));
                }
                if (onEnd != null) {
                    onEnd.accept(name);
                }
                return true;
            }
            if (type != Protocol.STREAM_CHUNK) {
                throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                        "expected a stream chunk but the gateway sent frame type 0x" + Integer.toHexString(type)));
            }
            onChunk(callback);
        }
    }

    private void onChunk(StreamCallback callback) throws IOException {
        long ident;
        byte[] bytes;
        FrameReader reader = connection.reader();
        try { // read here rather than through Connection.read: no lambda and no boxed ident per chunk
            ident = reader.readLong();
            bytes = reader.readRest();
        } catch (IOException | RuntimeException e) {
            throw connection.fail(e);
        }
        if (aborted) {
            return;
        }
        boolean more;
        try {
            more = callback.onChunk(name, ident, bytes);
        } catch (Exception | Error e) {
            callbackFailure = e; // rethrown once the stream is properly ended, so the client stays usable
            more = false;
        }
        if (!more) {
            aborted = true;
            connection.send(sink -> Frames.empty(sink, Protocol.STREAM_CANCEL));
            return;
        }
        unreported += Protocol.chunkCost(bytes.length);
        if (unreported >= window / 2) {
            int grant = (int) Math.min(unreported, Integer.MAX_VALUE);
            unreported -= grant;
            connection.send(sink -> Frames.credit(sink, grant));
        }
    }

    private void rethrowCallbackFailure() throws IOException {
        if (callbackFailure != null) {
            Rethrow.asIoException(callbackFailure, "the stream callback of '" + name + "' failed");
        }
    }
}
