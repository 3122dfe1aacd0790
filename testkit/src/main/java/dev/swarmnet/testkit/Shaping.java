package dev.swarmnet.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * The link a proxy emulates: one-way latency and a per-connection, per-direction bandwidth cap.
 * Shared by all of a proxy's connections and changeable while they run, hence volatile fields.
 */
final class Shaping {
    /** No bandwidth cap. */
    static final long UNLIMITED = Long.MAX_VALUE;

    /** Latencies above this are surely mistakes (and would overflow nanosecond arithmetic sooner or later). */
    static final Duration MAX_LATENCY = Duration.ofHours(1);

    /** Queue headroom beyond the bytes in flight, so that bursts do not stall the reader. */
    private static final long QUEUE_HEADROOM = 1L << 20;

    /** Never queue more than this per direction per connection, whatever the settings say. */
    private static final long MAX_QUEUE = 64L << 20;

    /** What "unlimited" is assumed to mean when sizing a queue: roughly what loopback can carry. */
    private static final long ASSUMED_UNLIMITED_RATE = 1L << 30;

    private volatile long latencyNanos;
    private volatile long bytesPerSecond;

    Shaping(Duration latency, long bytesPerSecond) {
        setLatency(latency);
        setBandwidth(bytesPerSecond);
    }

    static Duration checkLatency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("latency must be between 0 and " + MAX_LATENCY + ", got " + latency);
        }
        return latency;
    }

    static long checkBandwidth(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException(
                    "bandwidth must be positive bytes/s (TcpProxy.UNLIMITED for no cap), got " + bytesPerSecond);
        }
        return bytesPerSecond;
    }

    void setLatency(Duration latency) {
        latencyNanos = checkLatency(latency).toNanos();
    }

    void setBandwidth(long bytesPerSecond) {
        this.bytesPerSecond = checkBandwidth(bytesPerSecond);
    }

    long latencyNanos() {
        return latencyNanos;
    }

    long bandwidth() {
        return bytesPerSecond;
    }

    /**
     * How many bytes one direction of one connection may hold between reading and writing: enough
     * for everything in flight during one latency at full rate (so the emulated pipe stays full and
     * throughput reaches the cap), plus headroom, and no more (so memory stays bounded and a stalled
     * or slow direction pushes back on the sender through TCP flow control).
     */
    long queueCapacityBytes() {
        long rate = bytesPerSecond == UNLIMITED ? ASSUMED_UNLIMITED_RATE : bytesPerSecond;
        double inFlight = latencyNanos / 1e9 * rate;
        return (long) Math.min(MAX_QUEUE, QUEUE_HEADROOM + inFlight);
    }
}
