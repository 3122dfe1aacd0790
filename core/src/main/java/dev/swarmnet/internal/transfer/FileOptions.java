package dev.swarmnet.internal.transfer;

import dev.swarmnet.ExistingFiles;
import java.util.Objects;

/**
 * How a transfer treats the files it moves, from its controller's configuration.
 *
 * @param existing            what it does with a file already at its destination
 * @param preservePermissions whether it carries and applies permission bits
 */
public record FileOptions(ExistingFiles existing, boolean preservePermissions) {
    /** rsync -a's defaults: skip unchanged files, keep permission bits. */
    public static final FileOptions DEFAULT = new FileOptions(ExistingFiles.SKIP_UNCHANGED, true);

    public FileOptions {
        Objects.requireNonNull(existing, "existing");
    }
}
