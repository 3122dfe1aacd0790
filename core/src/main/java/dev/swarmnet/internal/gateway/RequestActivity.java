package dev.swarmnet.internal.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a handler is in its request loop, in one atomic number: even while it waits for frame n/2,
 * odd while it serves it, {@link #CLOSED} once the idle timeout or the gateway's shutdown closed the
 * connection. The handler's thread moves it on with a plain store and a CAS per frame; the timer and
 * the shutdown close a connection only by a CAS from the value they looked at, so a request that
 * arrives at that very moment either wins and is served, or finds the connection closed.
 */
final class RequestActivity {
    static final long CLOSED = -1;

    /** Odd (busy) until serving starts: nothing may close a connection for idling during its handshake. */
    private final AtomicLong state = new AtomicLong(1);

    /** The handler waits for frame {@code turn} (even): a plain store, no fence on the hot path. */
    void waiting(long turn) {
        state.lazySet(turn);
    }

    /** A frame arrived while waiting at {@code turn}; false when the connection was closed meanwhile. */
    boolean serving(long turn) {
        return state.compareAndSet(turn, turn + 1);
    }

    long get() {
        return state.get();
    }

    /** Closes the connection if it is still at {@code seen}; whoever wins the CAS does the closing. */
    boolean close(long seen) {
        return state.compareAndSet(seen, CLOSED);
    }

    boolean closed() {
        return state.get() == CLOSED;
    }

    static boolean isWaiting(long seen) {
        return seen >= 0 && (seen & 1) == 0;
    }

    static boolean isServing(long seen) {
        return seen >= 0 && (seen & 1) == 1;
    }
}
