package dev.swarmnet.bench;

import dev.swarmnet.micrometer.SwarmnetMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.jfr.Recording;

/**
 * What an operator turns on: swarmnet's meters bound to a Prometheus registry (as {@code gateway --metrics} does)
 * and a flight recording of every {@code dev.swarmnet} event without threshold. Switched on around one
 * measurement and off after it, outside its timing, so that the cases with and without it run in one process in
 * turn: the meters listen to every gateway and controller of the process while they are bound.
 */
final class Observation {
    private static final List<String> EVENTS = List.of("Call", "Stream", "Transfer", "Connection",
            "HandshakeFailure", "Stall");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Runs {@code work} with metrics bound and a recording running. */
    <T> T during(Callable<T> work) throws Exception {
        try (SwarmnetMetrics metrics = new SwarmnetMetrics(); Recording recording = new Recording()) {
            metrics.bindTo(registry);
            for (String event : EVENTS) {
                recording.enable("dev.swarmnet." + event).withoutThreshold();
            }
            recording.setToDisk(false);
            recording.start();
            return work.call();
        }
    }

    /** What the harness notes under its table. */
    static String note() {
        return "metrics bound to a Prometheus registry and a JFR recording of every dev.swarmnet event, both on";
    }
}
