package dev.swarmnet.internal.transfer;

import dev.swarmnet.FileFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Two files of one transfer must not land under the same name (one would silently replace the
 * other): the first is admitted, the others are reported as failures.
 */
final class DuplicateNames {
    private final Set<String> seen = new HashSet<>();
    private final List<FileFailure> refused = new ArrayList<>();

    boolean admit(FileEntry entry) {
        if (seen.add(entry.dest())) {
            return true;
        }
        refused.add(new FileFailure(entry.source(), "another file of this transfer has the same destination '"
                + entry.dest() + "'; transfer it separately"));
        return false;
    }

    /** Whether a file with this destination was admitted (or refused) already. */
    boolean seen(String dest) {
        return seen.contains(dest);
    }

    List<FileFailure> refused() {
        return refused;
    }

    /** The files refused since the last call (a listing that arrives in parts reports them part by part). */
    List<FileFailure> takeRefused() {
        List<FileFailure> taken = List.copyOf(refused);
        refused.clear();
        return taken;
    }
}
