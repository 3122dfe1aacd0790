package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.ConnectionWriter;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What the gateway's shutdown does to one connection ({@link DrainableConnection}): close it once it waits
 * for a request, and when the grace period is over, answer what still runs or cut it.
 *
 * <p>Threads: runs on the shutdown thread. It shares with the handler's thread the {@link RequestActivity}
 * (one CAS decides between closing a waiting connection and serving a request that arrives), the
 * {@link RunningCall} (one CAS decides who answers a subroutine call), the stream (volatile) and the slot
 * (released once); every write to the client happens on a helper.
 */
final class ConnectionDrain {
    private final RequestActivity activity;
    private final CurrentStream stream;
    private final RunningCall running;
    private final TransferPause transferPause;
    private final PoolSlot slot;
    private final ConnectionCloser closer;
    private final Supplier<ConnectionWriter> writer;
    private final Executor helpers;

    ConnectionDrain(RequestActivity activity, CurrentStream stream, RunningCall running, TransferPause transferPause,
            PoolSlot slot, ConnectionCloser closer, Supplier<ConnectionWriter> writer, Executor helpers) {
        this.activity = activity;
        this.stream = stream;
        this.running = running;
        this.transferPause = transferPause;
        this.slot = slot;
        this.closer = closer;
        this.writer = writer;
        this.helpers = helpers;
    }

    /** See {@link DrainableConnection#drain()}. */
    void drain() {
        if (!transferPause.expectsMore(System.nanoTime())) {
            closeWhenWaiting(ErrorCode.SHUTTING_DOWN, GracefulShutdown.IDLE_CLOSE);
        }
    }

    /** See {@link DrainableConnection#endNow}. */
    void endNow(EndReason reason) {
        if (reason.tells() && answer(reason)) {
            return;
        }
        closer.close(); // first: a stream's writer blocked on a stalled peer fails instead of holding us
        stream.cancel();
    }

    /**
     * Tells the client {@code reason} if it waits for a request, or a stream or subroutine of its runs;
     * false when there is nothing to answer (a file moving, a request half read).
     */
    private boolean answer(EndReason reason) {
        if (closeWhenWaiting(reason.code(), reason.whenWaiting())) {
            return true; // a transfer's connection between two of its requests
        }
        if (stream.endTelling(reason, helpers)) {
            return true;
        }
        String name = running.takeOver();
        if (name == null) {
            return false;
        }
        String message = reason.busy("subroutine '" + name + "'");
        ConnectionWriter w = writer.get();
        helpers.execute(() -> { // the handler's thread is inside the subroutine and writes nothing
            try {
                closer.tell(w, reason.code(), message);
            } finally {
                slot.release(); // the thread serves nobody any more, however long the subroutine runs on
                running.answered();
            }
        });
        return true;
    }

    /**
     * If the handler waits for its next request, with no stream running, the client is told {@code message}
     * and the connection closed. The activity is read before the stream, which is only set while a request is
     * served: a stream started after that read has moved the activity on, and the CAS fails.
     *
     * @return whether the handler was waiting and is now being closed
     */
    private boolean closeWhenWaiting(ErrorCode code, String message) {
        long a = activity.get();
        if (RequestActivity.isWaiting(a) && !stream.running() && activity.close(a)) {
            closer.tellLater(writer.get(), code, message, () -> { });
            return true;
        }
        return false;
    }
}
