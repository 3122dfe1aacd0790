package dev.swarmnet.internal.transfer;

import dev.swarmnet.internal.client.Connection;
import java.io.IOException;
import java.time.Duration;

/**
 * One connection working for a transfer, and how to get another when it dies (a swarm asks its
 * controller for a new handler; a single client cannot).
 */
public interface Lane {
    Connection connection();

    /** A fresh connection to the same gateway (one attempt), or null when none can be had. */
    Connection replace() throws IOException;

    /**
     * How long after losing its connection this lane keeps asking {@link #replace()} again (the transfer
     * paces the attempts); zero for one attempt.
     */
    default Duration reconnectWindow() {
        return Duration.ZERO;
    }
}
