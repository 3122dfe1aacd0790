package dev.swarmnet;

import java.util.Objects;

/**
 * An entry of the sender's folder that a transfer met and deliberately did not deliver: a link (links are never
 * followed), a device, pipe or socket, or a name the sender cannot handle. Reported so that nothing is left out
 * silently; a skipped entry is not a failure.
 *
 * @param path   the entry's path as the transfer names it (relative destination path, '/'-separated)
 * @param reason why it was not delivered, in words (for example "a link" or "a special file")
 */
public record SkippedFile(String path, String reason) {
    /** Neither {@code path} nor {@code reason} may be null. */
    public SkippedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }
}
