package dev.swarmnet.internal.gateway;

/**
 * A transfer is one operation of many requests: the client keeps a couple of file requests in flight and
 * sends the next when it has read the one before, so between two of them its connection waits without
 * being idle. A graceful shutdown asks this whether a waiting connection is such a pause, and lets it go on
 * within the grace period; otherwise it is idle and closed at once.
 *
 * <p>The next request should come about as long after the last one was answered as the client needs to
 * read what is still queued for it, which is at most about as long as the gateway took to write it: so a
 * pause longer than twice the last file request, and at least a second, means the transfer is over.
 */
final class TransferPause {
    private static final long MIN_PAUSE_NANOS = 1_000_000_000L;

    private volatile long lastEnd; // 0: the last request was not a file request
    private volatile long lastDuration;

    /** A request starts; returns its start time for {@link #ended} (0 when it is not a file request). */
    long started(boolean fileRequest) {
        lastEnd = 0;
        return fileRequest ? System.nanoTime() : 0;
    }

    /** The request served since {@code started} ended. */
    void ended(boolean fileRequest, long started) {
        if (fileRequest) {
            long now = System.nanoTime();
            lastDuration = now - started;
            lastEnd = now;
        }
    }

    /** Whether a connection waiting at {@code now} is likely between two requests of one transfer. */
    boolean expectsMore(long now) {
        long end = lastEnd;
        return end != 0 && now - end < Math.max(MIN_PAUSE_NANOS, 2 * lastDuration);
    }
}
