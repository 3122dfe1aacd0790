package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.Channels;
import dev.swarmnet.internal.wire.ConnectionWriter;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closing a connection from a thread other than its handler's (the timer's, the shutdown's): the client is
 * told why from a helper thread, since a write to a client that stopped reading may block and neither the
 * timer nor the shutdown may wait on it; the socket is cut a moment later whatever became of that write.
 * Closing the channel makes the handler's blocked read fail, and its thread ends.
 *
 * <p>Threads: stateless; any thread may close the channel, any number of times.
 */
final class ConnectionCloser {
    /** After a close that tells the client why, the socket is cut at the latest this much later. */
    private static final long CUT_AFTER_MILLIS = 1000;

    private final SocketChannel channel;
    private final Executor helpers;
    private final ScheduledExecutorService timer;

    ConnectionCloser(SocketChannel channel, Executor helpers, ScheduledExecutorService timer) {
        this.channel = channel;
        this.helpers = helpers;
        this.timer = timer;
    }

    /** Closes now, without a word. */
    void close() {
        Channels.closeQuietly(channel);
    }

    /** Runs {@code first}, then tells the client {@code code} and {@code message} and closes; on a helper. */
    void tellLater(ConnectionWriter writer, ErrorCode code, String message, Runnable first) {
        helpers.execute(() -> {
            first.run();
            tell(writer, code, message);
        });
        try {
            timer.schedule(this::close, CUT_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            close();
        }
    }

    /** Tells the client {@code code} and {@code message}, then closes; on the calling thread. */
    void tell(ConnectionWriter writer, ErrorCode code, String message) {
        try {
            ErrorReply.send(writer, code, message);
        } catch (IOException | RuntimeException ignored) {
            // the client is gone already
        } finally {
            close();
        }
    }
}
