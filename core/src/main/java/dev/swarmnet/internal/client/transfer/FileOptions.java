package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ExistingFiles;
import java.util.Objects;

/**
 * How a transfer treats the files it moves, from its controller's configuration.
 *
 * @param existing            what it does with a file already at its destination
 * @param preservePermissions whether it carries and applies permission bits
 * @param uploadIds           what striped uploads are known by on the gateway (whether they continue across runs)
 */
public record FileOptions(ExistingFiles existing, boolean preservePermissions, UploadIds uploadIds) {
    /** rsync -a's defaults: skip unchanged files, keep permission bits; striped uploads continue within a run. */
    public static final FileOptions DEFAULT = new FileOptions(ExistingFiles.SKIP_UNCHANGED, true);

    public FileOptions {
        Objects.requireNonNull(existing, "existing");
        Objects.requireNonNull(uploadIds, "uploadIds");
    }

    public FileOptions(ExistingFiles existing, boolean preservePermissions) {
        this(existing, preservePermissions, UploadIds.RANDOM);
    }
}
