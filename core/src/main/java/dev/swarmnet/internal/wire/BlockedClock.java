package dev.swarmnet.internal.wire;

/**
 * When the one thread doing blocking I/O on a connection began the call it is blocked in, for other
 * threads to read: a peer that stopped reading or sending shows as one call blocked for long, while a
 * slow peer restarts the clock with every call that moves bytes. A volatile store per system call.
 */
public final class BlockedClock {
    private volatile long since;

    /** Marks the start of a blocking call. */
    public void enter() {
        since = System.nanoTime() | 1; // never 0 while blocked
    }

    /** Marks its end. */
    public void exit() {
        since = 0;
    }

    /** System.nanoTime when the current blocking call began, or 0 when none is in progress. */
    public long since() {
        return since;
    }

    /** Whether a call has been blocked for at least {@code nanos} at {@code now}. */
    public boolean blockedFor(long now, long nanos) {
        long s = since;
        return s != 0 && now - s >= nanos;
    }
}
