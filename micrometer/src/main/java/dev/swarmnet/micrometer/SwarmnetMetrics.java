package dev.swarmnet.micrometer;

import dev.swarmnet.internal.telemetry.Listeners;
import dev.swarmnet.internal.telemetry.PoolView;
import dev.swarmnet.internal.telemetry.Side;
import dev.swarmnet.internal.telemetry.TelemetryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The figures of every swarmnet gateway and controller in this process, as Micrometer meters. Bind it once:
 *
 * <pre>{@code
 * SwarmnetMetrics metrics = new SwarmnetMetrics();
 * metrics.bindTo(registry);   // ... and metrics.close() to stop counting
 * }</pre>
 *
 * <p>Every meter carries a {@code side} tag, {@code gateway} or {@code client}:
 * <ul>
 *   <li>{@code swarmnet.calls} (timer; tags {@code subroutine}, {@code kind}: batch, send, stream or ping,
 *       {@code outcome}: OK or an error code), {@code swarmnet.call.bytes} (counter; {@code direction} in or out);</li>
 *   <li>{@code swarmnet.transfers} (timer; {@code direction} download or upload, {@code outcome}),
 *       {@code swarmnet.transfer.files}, {@code swarmnet.transfer.bytes}, {@code swarmnet.transfer.failures}
 *       (counters; {@code direction});</li>
 *   <li>{@code swarmnet.connections.opened}, {@code swarmnet.connections.closed} (counters),
 *       {@code swarmnet.connections.open} (gauge), {@code swarmnet.handshake.failures} (counter;
 *       {@code authentication} true or false), {@code swarmnet.stalls} (counter; {@code what}: stall, idle or
 *       keepalive timeout);</li>
 *   <li>{@code swarmnet.pool.in.use} and {@code swarmnet.pool.size} (gauges; {@code gateway}: its listening
 *       address), for each running gateway.</li>
 * </ul>
 * A gateway reports a call of a subroutine it does not hold under the subroutine {@code (unknown)}, so a client
 * cannot make a meter per name it invents.
 */
public final class SwarmnetMetrics implements MeterBinder, AutoCloseable {
    private final Map<Side, AtomicLong> open = new EnumMap<>(Map.of(Side.GATEWAY, new AtomicLong(),
            Side.CLIENT, new AtomicLong()));
    private final Map<PoolView, List<Meter>> poolGauges = new ConcurrentHashMap<>();
    /**
     * The meters a call updates, looked up once per kind of call: Micrometer's own lookup builds the tags and
     * searches the registry each time, several times per call, and calls are what must stay cheap.
     */
    private final Map<CallKey, Timer> calls = new ConcurrentHashMap<>();
    private final Map<Side, Counter> callBytesIn = new EnumMap<>(Side.class);
    private final Map<Side, Counter> callBytesOut = new EnumMap<>(Side.class);

    private record CallKey(Side side, String subroutine, String kind, String outcome) {
    }
    private volatile MeterRegistry registry;
    private volatile Listeners.Registration registration;

    /** Starts counting into {@code registry}; a second call is refused. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (this.registry != null) {
            throw new IllegalStateException("already bound to a registry");
        }
        this.registry = registry;
        for (Side side : Side.values()) {
            Gauge.builder("swarmnet.connections.open", open.get(side), AtomicLong::get)
                    .description("Connections open now").tag("side", side.label()).register(registry);
            callBytesIn.put(side, bytes(side, "in"));
            callBytesOut.put(side, bytes(side, "out"));
        }
        registration = Listeners.add(new Recorder());
    }

    /** Stops counting; the meters stay in the registry with their last values, but the pool gauges go. */
    @Override
    public synchronized void close() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
        poolGauges.keySet().forEach(this::removePool);
    }

    private void removePool(PoolView pool) {
        List<Meter> meters = poolGauges.remove(pool);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    private Timer callTimer(CallKey key) {
        return Timer.builder("swarmnet.calls").description("Calls, by subroutine, kind and outcome")
                .tags(Tags.of("side", key.side().label(), "subroutine", key.subroutine(), "kind", key.kind(),
                        "outcome", key.outcome()))
                .register(registry);
    }

    private Counter bytes(Side side, String direction) {
        return Counter.builder("swarmnet.call.bytes").description("Bytes of call arguments and answers")
                .baseUnit("bytes").tags(Tags.of("side", side.label(), "direction", direction)).register(registry);
    }

    /** Turns each report into meter updates, on the thread that reports. */
    private final class Recorder implements TelemetryListener {
        @Override
        public void connectionOpened(Side side) {
            open.get(side).incrementAndGet();
            counter("swarmnet.connections.opened", "Connections that passed their handshake", side).increment();
        }

        @Override
        public void connectionClosed(Side side, String reason, long nanos) {
            open.get(side).decrementAndGet();
            counter("swarmnet.connections.closed", "Connections closed", side).increment();
        }

        @Override
        public void handshakeFailed(Side side, boolean authentication) {
            Counter.builder("swarmnet.handshake.failures").description("Connections that ended in their handshake")
                    .tags(Tags.of("side", side.label(), "authentication", Boolean.toString(authentication)))
                    .register(registry).increment();
        }

        @Override
        public void callEnded(Side side, String subroutine, String kind, String outcome, long bytesIn, long bytesOut,
                long nanos) {
            calls.computeIfAbsent(new CallKey(side, subroutine, kind, outcome), SwarmnetMetrics.this::callTimer)
                    .record(nanos, TimeUnit.NANOSECONDS);
            callBytesIn.get(side).increment(bytesIn);
            callBytesOut.get(side).increment(bytesOut);
        }

        @Override
        public void transferEnded(Side side, String direction, String outcome, long files, long bytes, long failures,
                long nanos) {
            Timer.builder("swarmnet.transfers").description("File transfers, by direction and outcome")
                    .tags(Tags.of("side", side.label(), "direction", direction, "outcome", outcome))
                    .register(registry).record(nanos, TimeUnit.NANOSECONDS);
            transferCounter("swarmnet.transfer.files", "Files delivered", side, direction).increment(files);
            transferCounter("swarmnet.transfer.bytes", "Bytes of files delivered", side, direction).increment(bytes);
            transferCounter("swarmnet.transfer.failures", "Files that did not arrive", side, direction)
                    .increment(failures);
        }

        @Override
        public void stalled(Side side, String what) {
            Counter.builder("swarmnet.stalls").description("Connections closed by a liveness check")
                    .tags(Tags.of("side", side.label(), "what", what)).register(registry).increment();
        }

        @Override
        public void poolOpened(PoolView pool) {
            Tags tags = Tags.of("side", Side.GATEWAY.label(), "gateway", pool.name());
            poolGauges.put(pool, List.of(
                    Gauge.builder("swarmnet.pool.in.use", pool, PoolView::inUse)
                            .description("Handlers serving a connection now").tags(tags).register(registry),
                    Gauge.builder("swarmnet.pool.size", pool, PoolView::size)
                            .description("The most handlers the pool holds").tags(tags).register(registry)));
        }

        @Override
        public void poolClosed(PoolView pool) {
            removePool(pool);
        }

        private Counter counter(String name, String description, Side side) {
            return Counter.builder(name).description(description).tag("side", side.label()).register(registry);
        }


        private Counter transferCounter(String name, String description, Side side, String direction) {
            return Counter.builder(name).description(description)
                    .tags(Tags.of("side", side.label(), "direction", direction)).register(registry);
        }
    }
}
