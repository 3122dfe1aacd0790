package dev.swarmnet.internal.client;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a client takes from its controller's configuration.
 *
 * @param callTimeout         how long each operation may take; {@link Duration#ZERO} for no limit
 * @param preservePermissions whether file transfers carry and apply permission bits
 */
public record ClientSettings(int maxFrameSize, int streamWindow, Path downloadDir, Duration callTimeout,
        boolean preservePermissions) {

    /** Settings that keep permission bits (the default). */
    public ClientSettings(int maxFrameSize, int streamWindow, Path downloadDir, Duration callTimeout) {
        this(maxFrameSize, streamWindow, downloadDir, callTimeout, true);
    }

    /** The same settings with another call timeout. */
    public ClientSettings withCallTimeout(Duration timeout) {
        return new ClientSettings(maxFrameSize, streamWindow, downloadDir, timeout, preservePermissions);
    }
}
