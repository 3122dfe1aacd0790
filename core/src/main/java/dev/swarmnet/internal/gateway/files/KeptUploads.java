package dev.swarmnet.internal.gateway.files;

import dev.swarmnet.internal.files.ResumablePieces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pieces of striped uploads that no connection is working on, kept on disk for their client to come
 * back to — for at most the retention period after their last progress. The start-up sweep hands over those
 * an earlier process left; the gateway's timer asks for the expired ones now and then. Only the pieces listed
 * here are ever looked at again: no walk over the download folder while the gateway runs.
 *
 * <p>Bounded: at most {@link #MAX_UPLOADS} uploads, declaring at most {@link #MAX_DECLARED_BYTES} in all, so that
 * clients that start uploads and leave cannot pile up pieces (files, and bytes their clients may come back to
 * fill) for the whole retention. Keeping one more beyond a bound gives up the oldest kept first. Thread-safe.
 */
final class KeptUploads {
    /** Uploads kept at most: each is two files on disk and an entry here. */
    static final int MAX_UPLOADS = 1_024;
    /** The declared sizes of the kept uploads add up to this at most (1 TiB). */
    static final long MAX_DECLARED_BYTES = 1L << 40;

    private final Duration retention;
    /** Data file to declared size, oldest kept first. */
    private final Map<Path, Long> kept = new LinkedHashMap<>();
    private long declaredBytes;

    KeptUploads(Duration retention, Collection<Path> leftovers) {
        this.retention = retention;
        for (Path data : leftovers) {
            kept.put(data, occupied(data)); // the bounds apply from the first upload kept while running
            declaredBytes += kept.get(data);
        }
    }

    /** False for a zero retention: pieces are deleted as soon as no connection holds them. */
    boolean enabled() {
        return !retention.isZero();
    }

    Duration retention() {
        return retention;
    }

    /**
     * Keeps an upload of {@code declaredSize} bytes; returns the data files of the older ones given up to stay
     * within the bounds (the caller deletes them). The upload just kept is never among them.
     */
    synchronized List<Path> keep(Path data, long declaredSize) {
        forget(data);
        kept.put(data, declaredSize);
        declaredBytes += declaredSize;
        List<Path> evicted = new ArrayList<>();
        for (Iterator<Map.Entry<Path, Long>> it = kept.entrySet().iterator();
                it.hasNext() && (kept.size() > MAX_UPLOADS || declaredBytes > MAX_DECLARED_BYTES); ) {
            Map.Entry<Path, Long> oldest = it.next();
            if (oldest.getKey().equals(data)) {
                break; // only this one is left beyond the bound: a single large upload may still resume
            }
            declaredBytes -= oldest.getValue();
            evicted.add(oldest.getKey());
            it.remove();
        }
        return evicted;
    }

    synchronized void forget(Path data) {
        Long size = kept.remove(data);
        if (size != null) {
            declaredBytes -= size;
        }
    }

    synchronized int count() {
        return kept.size();
    }

    /** The kept uploads whose last progress is older than the retention, or that are no longer whole. */
    List<Path> expired() {
        long oldestKept = System.currentTimeMillis() - retention.toMillis();
        List<Path> expired = new ArrayList<>();
        for (Path data : snapshot()) {
            try {
                if (ResumablePieces.lastProgressMillis(data) < oldestKept) {
                    expired.add(data);
                }
            } catch (IOException e) {
                expired.add(data); // unreadable: it cannot be resumed either
            }
        }
        return expired;
    }

    private synchronized List<Path> snapshot() {
        return new ArrayList<>(kept.keySet());
    }

    /** What a leftover's data file occupies: the least its upload declared (the sweep read no more of it). */
    private static long occupied(Path data) {
        try {
            return Files.size(data);
        } catch (IOException e) {
            return 0;
        }
    }
}
