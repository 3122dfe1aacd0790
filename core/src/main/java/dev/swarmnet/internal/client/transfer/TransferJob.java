package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.FileFailure;
import dev.swarmnet.TransferListener;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.TransferReport;
import dev.swarmnet.internal.Threads;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.client.Cut;
import dev.swarmnet.internal.client.Operation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every transfer shares: the plan, the tally of files done and failed, and running one worker
 * per lane until the plan is finished. A lane whose connection dies gives its ranges back and tries
 * replacement connections, unless the transfer's {@link Operation} was cancelled (its deadline passed).
 * Each lane works on its connection holding it for the operation ({@link Operation#hold}).
 */
public abstract class TransferJob {
    private static final Logger LOG = LoggerFactory.getLogger(TransferJob.class);
    /** How often one range is tried before its file is reported as failed. */
    static final int MAX_ATTEMPTS = 3;
    /** How many connections may die while one range is moving before its file is reported failed. */
    static final int MAX_LOSSES = 8;
    private static final long FIRST_RECONNECT_PAUSE_MILLIS = 50;
    private static final long LONGEST_RECONNECT_PAUSE_MILLIS = 1000;

    protected final TransferPlan plan;
    protected final TransferListener listener;
    private final Map<String, FileFailure> failures = new ConcurrentHashMap<>();
    private final AtomicInteger filesDone = new AtomicInteger();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicInteger unchanged = new AtomicInteger();

    TransferJob(List<FileRange> ranges, List<FileFailure> refused, TransferListener listener) {
        this(new TransferPlan(ranges), listener);
        refused(refused);
    }

    /** A job whose work is added to {@code plan} while it runs (a download's streamed listing). */
    TransferJob(TransferPlan plan, TransferListener listener) {
        this.plan = plan;
        this.listener = listener;
    }

    /** Files refused before they were planned (two with the same destination): failures from the start. */
    protected final void refused(List<FileFailure> refused) {
        for (FileFailure f : refused) {
            if (failures.putIfAbsent(f.path(), f) == null) {
                listener.fileFinished(f.path(), false);
            }
        }
    }

    /** Moves ranges over one connection until the plan has no more work for it. */
    protected abstract void work(Connection connection) throws IOException, InterruptedException;

    /** How long the listing took, from {@code start}; zero for a transfer without one. */
    protected Duration listingTime(long start) {
        return Duration.ZERO;
    }

    /**
     * Called once every lane has ended, before the report is made: work still pending must end here, on a
     * connection held for {@code operation}.
     */
    protected void lanesEnded(Operation operation) {
    }

    /** What the sender met and did not deliver on purpose, for the report; none by default. */
    protected List<SkippedFile> skipped() {
        return List.of();
    }

    /** Bytes an earlier run had verified and this one did not send again; none by default. */
    protected long resumedBytes() {
        return 0;
    }

    /** Bytes of files that did not arrive, kept for the next run (read after {@link #lanesEnded}); none by default. */
    protected long keptBytes() {
        return 0;
    }

    /** Called when a range can never complete: its file fails. */
    protected abstract void abandon(FileRange range, String reason);

    /** Runs the transfer over {@code lanes}, as (part of) {@code operation}. */
    public final TransferReport run(Operation operation, List<Lane> lanes) {
        return run(operation, lanes, System.nanoTime());
    }

    /** As {@link #run(Operation, List)}, the report's time counted from {@code start} (a {@link System#nanoTime()}). */
    public final TransferReport run(Operation operation, List<Lane> lanes, long start) {
        CountDownLatch finished = new CountDownLatch(lanes.size());
        for (Lane lane : lanes) {
            plan.workerStarted();
        }
        for (Lane lane : lanes) {
            if (lanes.size() == 1) {
                runLane(operation, lane, finished); // a single client works on the caller's thread
            } else {
                Threads.factory("swarmnet-transfer", false)
                        .newThread(() -> runLane(operation, lane, finished)).start();
            }
        }
        awaitQuietly(finished);
        lanesEnded(operation);
        return new TransferReport(filesDone.get(), bytesDone.get(), Duration.ofNanos(System.nanoTime() - start),
                new ArrayList<>(failures.values()), listingTime(start), skipped(), unchanged.get(), resumedBytes(),
                keptBytes());
    }

    private void runLane(Operation operation, Lane lane, CountDownLatch finished) {
        String lost = null;
        try {
            Connection connection = lane.connection();
            while (connection != null) {
                try {
                    workExclusively(operation, connection);
                    return;
                } catch (IOException e) {
                    lost = whyLost(connection, e);
                    LOG.info("transfer connection failed ({}); reconnecting", lost);
                    connection.close();
                    connection = reconnect(operation, lane);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            String reason = lost == null ? "no connection was left to transfer it"
                    : "the connection was lost (" + lost + ") and no other was left to transfer it";
            for (FileRange orphan : plan.workerEnded()) {
                fail(orphan, reason);
            }
            finished.countDown();
        }
    }

    /**
     * Why a lane's connection died, in words: the reason it was cut for (a stall, a call timeout) when
     * it was, since a raw body read on a cut socket fails with a bare exception that has no message.
     */
    private static String whyLost(Connection connection, IOException e) {
        Cut cut = connection.cutReason();
        if (cut != null) {
            return cut.message();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Works on {@code connection} holding it for the operation, so that no keepalive ping slips in between. */
    private void workExclusively(Operation operation, Connection connection) throws IOException, InterruptedException {
        try (Operation.Hold hold = operation.hold(connection)) {
            work(connection);
        }
    }

    /**
     * A new connection for a lane whose connection died, asked for with growing pauses until the lane's
     * reconnect window has passed; null then, or as soon as the transfer needs no more work from it or its
     * operation was cancelled (the deadline passed: no lane comes back).
     */
    private Connection reconnect(Operation operation, Lane lane) throws InterruptedException {
        long deadline = System.nanoTime() + lane.reconnectWindow().toNanos();
        long pauseMillis = FIRST_RECONNECT_PAUSE_MILLIS;
        while (!plan.isDone() && !operation.stopped()) {
            try {
                return lane.replace(); // null: this lane cannot be replaced at all
            } catch (IOException e) {
                LOG.info("no replacement connection yet: {}", e.getMessage());
            }
            if (System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
                LOG.info("giving up on this lane: no connection within {}", lane.reconnectWindow());
                return null;
            }
            plan.awaitDone(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, LONGEST_RECONNECT_PAUSE_MILLIS);
        }
        return null;
    }

    /**
     * Gives back the work that was in flight on a connection that died. The range at the head was being
     * moved when it died and is charged a loss: a file that kills every connection that carries it fails
     * after {@link #MAX_LOSSES} instead of being sent forever, while a range that was merely unlucky (cut
     * links die wherever they are) has room to spare.
     */
    protected final void requeueAfterLoss(List<FileRange> inFlight) {
        if (inFlight.isEmpty()) {
            return;
        }
        FileRange head = inFlight.get(0);
        plan.requeue(inFlight.subList(1, inFlight.size()));
        if (head.losses() + 1 < MAX_LOSSES) {
            plan.requeue(List.of(head.lost()));
        } else {
            fail(head, "the connection was lost each time it was being sent (" + MAX_LOSSES + " times)");
        }
    }

    /** A range's bytes are verified and in place. */
    protected final void rangeCompleted(int count) {
        plan.finished(count);
    }

    /** {@code count} files were not sent: their destination already held them. */
    protected final void countUnchanged(int count) {
        unchanged.addAndGet(count);
    }

    /** A whole file is complete. */
    protected final void fileCompleted(String path, long size) {
        filesDone.incrementAndGet();
        bytesDone.addAndGet(size);
        listener.fileFinished(path, true);
    }

    /** A range failed verification: retried on any connection, or its file fails after the last attempt. */
    protected final void retryOrFail(FileRange range, String reason) {
        if (range.attempt() + 1 < MAX_ATTEMPTS) {
            plan.requeue(List.of(range.retried()));
        } else {
            fail(range, reason + " (after " + MAX_ATTEMPTS + " attempts)");
        }
    }

    /** The range's file fails for good; its other ranges will be ignored. */
    protected final void fail(FileRange range, String reason) {
        String path = range.entry().dest();
        if (failures.putIfAbsent(path, new FileFailure(path, reason)) == null) {
            listener.fileFinished(path, false);
        }
        abandon(range, reason);
        plan.finished(1);
    }

    protected final boolean hasFailed(FileRange range) {
        return failures.containsKey(range.entry().dest());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
