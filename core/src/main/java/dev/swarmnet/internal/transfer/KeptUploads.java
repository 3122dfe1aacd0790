package dev.swarmnet.internal.transfer;

import dev.swarmnet.internal.files.ResumablePieces;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pieces of striped uploads that no connection is working on, kept on disk for their client to come
 * back to — for at most the retention period after their last progress. The start-up sweep hands over those
 * an earlier process left; the gateway's timer asks for the expired ones now and then. Only the pieces listed
 * here are ever looked at again: no walk over the download folder while the gateway runs.
 */
final class KeptUploads {
    private final Duration retention;
    private final Set<Path> kept = ConcurrentHashMap.newKeySet();

    KeptUploads(Duration retention, Collection<Path> leftovers) {
        this.retention = retention;
        kept.addAll(leftovers);
    }

    /** False for a zero retention: pieces are deleted as soon as no connection holds them. */
    boolean enabled() {
        return !retention.isZero();
    }

    Duration retention() {
        return retention;
    }

    void keep(Path data) {
        kept.add(data);
    }

    void forget(Path data) {
        kept.remove(data);
    }

    /** The kept uploads whose last progress is older than the retention, or that are no longer whole. */
    List<Path> expired() {
        long oldestKept = System.currentTimeMillis() - retention.toMillis();
        List<Path> expired = new ArrayList<>();
        for (Path data : kept) {
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
}
