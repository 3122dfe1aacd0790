package dev.swarmnet.internal.transfer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The work of one transfer, shared by its connections: ranges are dealt out in small batches on
 * demand, so a fast connection takes more; ranges of a connection that died come back for the
 * others. The plan knows when everything is finished, or when no connection is left to finish it.
 */
final class TransferPlan {
    private final ArrayDeque<FileRange> queue = new ArrayDeque<>();
    private int unfinished;
    private int liveWorkers;

    TransferPlan(Collection<FileRange> ranges) {
        queue.addAll(ranges);
        unfinished = ranges.size();
    }

    synchronized void workerStarted() {
        liveWorkers++;
    }

    /** A worker left; when none is left, the unfinished ranges are returned to be failed. */
    synchronized List<FileRange> workerEnded() {
        liveWorkers--;
        notifyAll();
        if (liveWorkers > 0) {
            return List.of();
        }
        List<FileRange> orphans = new ArrayList<>(queue);
        queue.clear();
        return orphans;
    }

    /** Up to {@code maxItems} ranges totalling about {@code maxBytes}; empty when none is queued now. */
    synchronized List<FileRange> take(int maxItems, long maxBytes) {
        List<FileRange> batch = new ArrayList<>();
        long bytes = 0;
        while (!queue.isEmpty() && batch.size() < maxItems && (batch.isEmpty() || bytes < maxBytes)) {
            FileRange r = queue.poll();
            batch.add(r);
            bytes += r.length();
        }
        return batch;
    }

    /** Ranges that must be sent again (their connection died, or their bytes failed verification). */
    synchronized void requeue(Collection<FileRange> ranges) {
        queue.addAll(ranges);
        notifyAll();
    }

    /** A range is over, well or not. */
    synchronized void finished(int count) {
        unfinished -= count;
        notifyAll();
    }

    /** Waits until there is work to take (true) or nothing is left to do (false). */
    synchronized boolean awaitWork() throws InterruptedException {
        while (queue.isEmpty() && unfinished > 0) {
            wait();
        }
        return !queue.isEmpty();
    }

    synchronized boolean isDone() {
        return unfinished <= 0;
    }
}
