package dev.swarmnet.internal.telemetry;

/** A running gateway's handler pool, read by gauges. */
public interface PoolView {
    /** What tells this gateway from another in the same process: its listening address. */
    String name();

    /** Handlers serving a connection now. */
    int inUse();

    /** The most handlers the pool holds. */
    int size();
}
