package dev.swarmnet.internal;

import dev.swarmnet.internal.wire.Protocol;
import java.time.Duration;
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

    /** A maximum frame size with room for every control frame. */
    public static int maxFrameSize(int bytes) {
        if (bytes < Protocol.MIN_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrameSize must be at least " + Protocol.MIN_MAX_FRAME_SIZE
                    + ", got " + bytes);
        }
        return bytes;
    }
}
