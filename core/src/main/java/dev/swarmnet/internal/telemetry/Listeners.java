package dev.swarmnet.internal.telemetry;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The process-wide set of {@link TelemetryListener}s. Reading it is one volatile read of an array, so code
 * that reports pays nothing more when no one listens; adding and removing copy the array.
 */
public final class Listeners {
    private static final TelemetryListener[] NONE = {};
    private static volatile TelemetryListener[] all = NONE;
    /** The pools of the gateways running now, told to a listener added later. */
    private static final Set<PoolView> pools = new LinkedHashSet<>();

    private Listeners() {
    }

    /** Adds {@code listener} until the returned handle is closed. */
    public static synchronized Registration add(TelemetryListener listener) {
        Objects.requireNonNull(listener, "listener");
        TelemetryListener[] next = Arrays.copyOf(all, all.length + 1);
        next[all.length] = listener;
        all = next;
        pools.forEach(listener::poolOpened);
        return () -> remove(listener);
    }

    /** A gateway started: every listener, now or later, hears of its pool until {@link #poolClosed}. */
    public static synchronized void poolOpened(PoolView pool) {
        if (pools.add(Objects.requireNonNull(pool, "pool"))) {
            for (TelemetryListener l : all) {
                l.poolOpened(pool);
            }
        }
    }

    /** The gateway of {@code pool} closed. */
    public static synchronized void poolClosed(PoolView pool) {
        if (pools.remove(pool)) {
            for (TelemetryListener l : all) {
                l.poolClosed(pool);
            }
        }
    }

    private static synchronized void remove(TelemetryListener listener) {
        all = Arrays.stream(all).filter(l -> l != listener).toArray(TelemetryListener[]::new);
    }

    static TelemetryListener[] all() {
        return all;
    }

    /** A listener's place in the set; closing it removes the listener. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
