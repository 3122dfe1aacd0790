package dev.swarmnet;

import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.transfer.Lane;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One Handler&lt;-&gt;Client pair of a swarm, and the controller that can replace it: as a transfer lane, a
 * member whose connection died is replaced, again and again for as long as the swarm's reconnect window
 * allows (the transfer paces the attempts), so a transfer outlives a dropped link or a gateway that restarts.
 */
final class SwarmMember {
    /** Tries at a new client when the pool is full: the dead handler's slot is freed a moment later. */
    private static final int POOL_FULL_ATTEMPTS = 6;
    private static final long FIRST_PAUSE_MILLIS = 20;

    final Controller controller;
    private volatile Client client;

    SwarmMember(Controller controller, Client client) {
        this.controller = controller;
        this.client = client;
    }

    Client client() {
        return client;
    }

    void close() {
        client.close();
    }

    /**
     * This member as a transfer lane that reconnects within {@code window} of losing its connection, unless
     * {@code stopped} says the transfer is over (its call timeout passed).
     */
    Lane lane(Duration window, BooleanSupplier stopped) {
        long closesBefore = controller.closes();
        return new Lane() {
            @Override
            public Connection connection() {
                Client c = client;
                return c.isOpen() ? c.connection() : null;
            }

            @Override
            public Connection replace() throws IOException {
                if (controller.closes() != closesBefore || stopped.getAsBoolean()) {
                    return null; // the transfer is being cancelled (or timed out): no lane comes back
                }
                client.close();
                client = newClient();
                if (stopped.getAsBoolean()) { // timed out while connecting: the deadline's close missed this one
                    client.close();
                    return null;
                }
                return client.connection();
            }

            @Override
            public Duration reconnectWindow() {
                return window;
            }
        };
    }

    /**
     * A new client. A full pool is asked again a few times after short, growing pauses: the gateway frees a
     * dead handler's slot only once it notices the connection is gone, a moment after the client did.
     */
    private Client newClient() throws IOException {
        long pause = FIRST_PAUSE_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                return controller.getClient();
            } catch (PoolFullException e) {
                if (attempt == POOL_FULL_ATTEMPTS) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reconnecting a swarm connection");
            }
            pause *= 2;
        }
    }
}
