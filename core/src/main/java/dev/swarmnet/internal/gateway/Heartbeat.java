package dev.swarmnet.internal.gateway;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Signs of life while a handler runs a batch or send subroutine: the reply may be minutes away, and
 * a controller that hears nothing for its stall timeout takes the gateway for dead. The timer thread
 * asks {@link #beatIfDue}; the write itself goes to a helper thread (a socket write may block, and
 * the timer must not) and only when no one else is writing, so a frame is never split.
 *
 * <p>Threads: {@link #lastBeat} is the timer thread's own; {@link #sending} is set by the timer thread
 * and cleared by the helper that wrote, so at most one keepalive is on its way at a time.
 */
final class Heartbeat {
    private final RunningCall running;
    private long lastBeat;
    private final AtomicBoolean sending = new AtomicBoolean();

    Heartbeat(RunningCall running) {
        this.running = running;
    }

    /**
     * Sends a KEEPALIVE if the subroutine has run a whole interval since it began or since the last one.
     * A write that fails means the client is gone (it cut the call, say, at its call timeout):
     * {@code onClientGone} runs so the subroutine is told rather than working on for nobody.
     */
    void beatIfDue(long now, long intervalNanos, Executor helpers, WatchedConnection connection,
            Runnable onClientGone) {
        if (!running.isRunning()) {
            return;
        }
        long last = Math.max(running.sinceNanos(), lastBeat);
        if (now - last < intervalNanos || !sending.compareAndSet(false, true)) {
            return;
        }
        lastBeat = now;
        try {
            helpers.execute(() -> send(connection, onClientGone));
        } catch (RejectedExecutionException e) {
            sending.set(false); // the gateway is closing
        }
    }

    private void send(WatchedConnection connection, Runnable onClientGone) {
        try {
            if (running.isRunning()) {
                connection.sendKeepalive();
            }
        } catch (IOException e) {
            if (running.isRunning()) {
                onClientGone.run();
            }
        } finally {
            sending.set(false);
        }
    }
}
