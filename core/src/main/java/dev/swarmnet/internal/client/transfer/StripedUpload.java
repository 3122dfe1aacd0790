package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.internal.wire.files.FileFrames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's side of one file sent in stripes: the id the gateway knows this sending by, its stripes, how
 * many are not yet acknowledged, and whether the gateway must be asked what it holds before the commit.
 *
 * <p>The id is the only thing that lets a connection add to, ask about or commit the upload's pieces on the
 * gateway, which keeps them across its restarts: so it is never guessable ({@link UploadIds}).
 */
final class StripedUpload {
    final long uploadId;
    final int commitTag;
    final AtomicInteger rangesLeft;
    /** Bytes of stripes the gateway acknowledged in this run, and those it held from an earlier one. */
    final AtomicLong acknowledgedBytes = new AtomicLong();
    private long heldBefore = -1;
    private volatile boolean committed;
    private final List<FileRange> stripes;
    /** The transfer's connection losses already answered by a query (guarded by this). */
    private int lossesChecked;
    private int queries;

    StripedUpload(long uploadId, int commitTag, List<FileRange> stripes) {
        this.uploadId = uploadId;
        this.commitTag = commitTag;
        this.stripes = List.copyOf(stripes);
        this.rangesLeft = new AtomicInteger(stripes.size());
    }

    /**
     * Whether the commit must wait for a query: some connection of the transfer died since the last one, so
     * the gateway may have lost acknowledged stripes (its process restarted, its pieces expired). Counts the
     * query it starts; false also when there were too many already (the caller then commits, or fails).
     */
    synchronized boolean queryBeforeCommit(int lossesNow) {
        if (lossesNow == lossesChecked) {
            return false;
        }
        lossesChecked = lossesNow;
        queries++;
        return true;
    }

    /** The first answer to what the gateway holds: what an earlier run left ({@code missing} still to send). */
    synchronized void firstHeld(List<FileRange> missing) {
        if (heldBefore < 0) {
            long held = stripes.isEmpty() ? 0 : stripes.get(0).entry().size();
            for (FileRange m : missing) {
                held -= m.length();
            }
            heldBefore = held;
        }
    }

    /** What an earlier run had sent and this one did not send again. */
    synchronized long heldBefore() {
        return Math.max(0, heldBefore);
    }

    void committed() {
        committed = true;
    }

    /** The verified bytes the gateway keeps for a later run once this one has ended without the commit. */
    long kept() {
        return committed ? 0 : heldBefore() + acknowledgedBytes.get();
    }

    synchronized int queries() {
        return queries;
    }

    /** Every stripe: what to send again when the gateway holds nothing of the upload. */
    List<FileRange> stripes() {
        return stripes;
    }

    /** The stripes not wholly inside the spans the gateway says it holds (spans are not trusted to be sorted). */
    List<FileRange> missing(List<FileFrames.Span> held) {
        List<FileFrames.Span> spans = new ArrayList<>(held);
        spans.sort(Comparator.comparingLong(FileFrames.Span::offset));
        List<FileRange> missing = new ArrayList<>();
        for (FileRange stripe : stripes) {
            if (!covered(stripe, spans)) {
                missing.add(stripe);
            }
        }
        return missing;
    }

    private static boolean covered(FileRange stripe, List<FileFrames.Span> sorted) {
        long next = stripe.offset();
        long end = stripe.offset() + stripe.length();
        for (FileFrames.Span s : sorted) {
            if (s.offset() > next) {
                break;
            }
            next = Math.max(next, s.offset() + s.length());
            if (next >= end) {
                return true;
            }
        }
        return next >= end;
    }
}
