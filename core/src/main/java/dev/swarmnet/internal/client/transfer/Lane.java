package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.internal.client.Connection;
import java.io.IOException;
import java.time.Duration;

/**
 * One connection working for a transfer, and how to get another when it dies (a swarm member asks its
 * controller for a new client; a single client opens a new connection for itself). A lane is made for one
 * transfer's {@link dev.swarmnet.internal.client.Operation}, and every connection it hands out is given to that
 * operation, whose deadline or cancellation closes it: the transfer code never takes a connection from a client
 * any other way.
 */
public interface Lane {
    /** The lane's connection now; null when it has none (its client was closed). */
    Connection connection();

    /**
     * A fresh connection to the same gateway (one attempt), or null when none can be had (the operation was
     * cancelled, the controller closed, or the lane's kind never reconnects).
     */
    Connection replace() throws IOException;

    /**
     * How long after losing its connection this lane keeps asking {@link #replace()} again (the transfer
     * paces the attempts); zero for one attempt.
     */
    default Duration reconnectWindow() {
        return Duration.ZERO;
    }
}
