package dev.swarmnet.internal.client;

import dev.swarmnet.ExistingFiles;
import dev.swarmnet.internal.client.transfer.FileOptions;
import dev.swarmnet.internal.client.transfer.UploadIds;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a client takes from its controller's configuration.
 *
 * @param callTimeout         how long each operation may take; {@link Duration#ZERO} for no limit
 * @param preservePermissions whether file transfers carry and apply permission bits
 * @param existingFiles       what a transfer does with a file already at its destination
 * @param uploadIds           what striped uploads are known by on the gateway
 */
public record ClientSettings(int maxFrameSize, int streamWindow, Path downloadDir, Duration callTimeout,
        boolean preservePermissions, ExistingFiles existingFiles, UploadIds uploadIds) {

    /** How transfers treat files. */
    public FileOptions fileOptions() {
        return new FileOptions(existingFiles, preservePermissions, uploadIds);
    }

    /** The same settings with another call timeout. */
    public ClientSettings withCallTimeout(Duration timeout) {
        return new ClientSettings(maxFrameSize, streamWindow, downloadDir, timeout, preservePermissions,
                existingFiles, uploadIds);
    }
}
