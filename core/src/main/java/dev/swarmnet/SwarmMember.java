package dev.swarmnet;

import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.client.DeadlineTimer;
import dev.swarmnet.internal.client.Operation;
import dev.swarmnet.internal.client.transfer.Lane;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

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

    /** What times this member's deadlines: its controller's watchdog. */
    DeadlineTimer deadlines() {
        return controller.deadlines();
    }

    /**
     * This member as a lane of the swarm transfer {@code operation}: its client's connection ({@link Client#lane}),
     * and when that dies, a whole new client, within {@code window} of losing it — unless the transfer is being
     * cancelled (its controller was closed, or the operation cancelled: its deadline passed, the swarm closed).
     */
    Lane lane(Operation operation, Duration window) {
        long closesBefore = controller.closes();
        return new Lane() {
            @Override
            public Connection connection() {
                Client c = client;
                return c.isOpen() ? c.lane(operation).connection() : null;
            }

            @Override
            public Connection replace() throws IOException {
                if (controller.closes() != closesBefore || operation.stopped()) {
                    return null; // the transfer is being cancelled (or timed out): no lane comes back
                }
                client.close();
                client = newClient();
                if (operation.stopped()) { // cancelled while connecting
                    client.close();
                    return null;
                }
                return client.lane(operation).connection(); // closed at once if cancelled since
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
