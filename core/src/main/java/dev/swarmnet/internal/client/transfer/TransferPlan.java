package dev.swarmnet.internal.client.transfer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The work of one transfer, shared by its connections: ranges are dealt out in small batches on
 * demand, so a fast connection takes more; ranges of a connection that died come back for the
 * others. A download's plan grows while its listing arrives ({@link #listed}), and is not finished
 * before the listing has ended. The plan knows when everything is finished, or when no connection is
 * left to finish it.
 */
final class TransferPlan {
    private final ArrayDeque<FileRange> queue = new ArrayDeque<>();
    private long queuedBytes;
    private int unfinished;
    private int liveWorkers;
    private boolean listing;
    /** The listing's connection was lost and no other has taken it over yet. */
    private boolean listingUnowned;

    TransferPlan(Collection<FileRange> ranges) {
        add(ranges);
        unfinished = ranges.size();
    }

    /** An empty plan whose work arrives with a listing: {@link #listed} adds it, {@link #listingEnded} closes it. */
    static TransferPlan listing() {
        TransferPlan plan = new TransferPlan(List.of());
        plan.listing = true;
        return plan;
    }

    /** More work from the listing, for any connection to take at once. */
    synchronized void listed(Collection<FileRange> ranges) {
        add(ranges);
        unfinished += ranges.size();
        notifyAll();
    }

    /** The listing's connection was lost: a connection waiting for work should take the listing over. */
    synchronized void listingReleased() {
        listingUnowned = true;
        notifyAll();
    }

    /** A connection has taken the listing over. */
    synchronized void listingClaimed() {
        listingUnowned = false;
    }

    /**
     * The listing is over. When it failed ({@code complete} false), the work not yet taken is dropped: the
     * transfer as a whole fails, and only what is moving already is finished.
     */
    synchronized void listingEnded(boolean complete) {
        listing = false;
        listingUnowned = false;
        if (!complete) {
            unfinished -= queue.size();
            queue.clear();
            queuedBytes = 0;
        }
        notifyAll();
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
        queuedBytes = 0;
        return orphans;
    }

    /**
     * Up to {@code maxItems} ranges totalling about {@code maxBytes}, but never more than a fair share
     * of what is queued (so every connection of a swarm gets work, also for a single striped file);
     * empty when none is queued now.
     */
    synchronized List<FileRange> take(int maxItems, long maxBytes) {
        int lanes = Math.max(1, liveWorkers) * 2; // each connection keeps two batches in flight
        int items = Math.min(maxItems, Math.max(1, queue.size() / lanes));
        long bytes = Math.min(maxBytes, Math.max(1, queuedBytes / lanes));
        List<FileRange> batch = new ArrayList<>();
        long taken = 0;
        while (!queue.isEmpty() && batch.size() < items && (batch.isEmpty() || taken < bytes)) {
            FileRange r = queue.poll();
            queuedBytes -= r.length();
            batch.add(r);
            taken += r.length();
        }
        return batch;
    }

    /** Work that appeared during the transfer (a striped upload's commit): one more range to finish. */
    synchronized void addWork(FileRange range) {
        queue.add(range);
        queuedBytes += range.length();
        unfinished++;
        notifyAll();
    }

    /** Ranges that must be sent again (their connection died, or their bytes failed verification). */
    synchronized void requeue(Collection<FileRange> ranges) {
        add(ranges);
        notifyAll();
    }

    private void add(Collection<FileRange> ranges) {
        for (FileRange r : ranges) {
            queue.add(r);
            queuedBytes += r.length();
        }
    }

    /** A range is over, well or not. */
    synchronized void finished(int count) {
        unfinished -= count;
        notifyAll();
    }

    /**
     * Waits until there is work to take, or a listing to take over (true), or nothing is left to do (false).
     */
    synchronized boolean awaitWork() throws InterruptedException {
        while (queue.isEmpty() && (unfinished > 0 || listing) && !listingUnowned) {
            wait();
        }
        return !queue.isEmpty() || listingUnowned;
    }

    /** Waits up to {@code millis} for the plan to finish; true when it has. */
    synchronized boolean awaitDone(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (unfinished > 0 || listing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return unfinished <= 0 && !listing;
    }

    synchronized boolean isDone() {
        return unfinished <= 0 && !listing;
    }
}
