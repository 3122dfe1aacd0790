package dev.swarmnet.internal;

import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the public builders, so the same setting is validated the same way. */
public final class Checks {
    private Checks() {
    }

    /** A positive timeout that fits a socket timeout (an int of milliseconds). */
    public static Duration timeout(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive and below 24 days, got " + timeout);
        }
        return timeout;
    }

    /** A reconnect window: zero (one attempt, or none) or longer. */
    public static Duration reconnectWindow(Duration window) {
        Objects.requireNonNull(window, "reconnectWindow");
        if (window.isNegative()) {
            throw new IllegalArgumentException("the reconnect window must not be negative, got " + window);
        }
        return window;
    }

    /** A maximum frame size with room for every control frame. */
    public static int maxFrameSize(int bytes) {
        if (bytes < Protocol.MIN_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrameSize must be at least " + Protocol.MIN_MAX_FRAME_SIZE
                    + ", got " + bytes);
        }
        return bytes;
    }

    /** A timeout that may also be {@link Duration#ZERO} for "never"; in milliseconds. */
    public static int timeoutOrZero(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isZero()) {
            return 0;
        }
        if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE || timeout.toMillis() == 0) {
            throw new IllegalArgumentException(name + " must be Duration.ZERO (never) or from 1 ms to 24 days, got "
                    + timeout);
        }
        return (int) timeout.toMillis();
    }

    /**
     * Shares are read-only because the gateway writes only into its download folder: so that folder
     * must neither lie inside a share (uploads would become downloadable, and could replace shared
     * files) nor contain one. Paths are compared after resolving symbolic links of their existing part.
     */
    public static void downloadDirOutsideShares(Path downloadDir, List<Path> shares) {
        Path down = canonical(downloadDir);
        for (Path share : shares) {
            Path s = canonical(share);
            if (down.startsWith(s)) {
                throw new IllegalArgumentException("the download dir " + downloadDir + " lies inside the share " + share
                        + ": uploads would be served to every client and could replace shared files; choose a"
                        + " download dir outside every share");
            }
            if (s.startsWith(down)) {
                throw new IllegalArgumentException("the share " + share + " lies inside the download dir " + downloadDir
                        + ": uploads could replace shared files; choose a download dir outside every share");
            }
        }
    }

    /** The absolute, normalised path with the symbolic links of its longest existing prefix resolved. */
    private static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
