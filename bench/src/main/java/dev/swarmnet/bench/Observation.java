package dev.swarmnet.bench;

import dev.swarmnet.micrometer.SwarmnetMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import jdk.jfr.Recording;

/**
 * What an operator turns on, for a whole harness process: with {@code -Dbench.observed=true} (e.g. in
 * {@code BENCH_JAVA_OPTS}), swarmnet's meters bound to a Prometheus registry, as {@code gateway --metrics} does, and
 * a flight recording of every {@code dev.swarmnet} event without threshold, both from the start to the end.
 * Compare such a run with one without it, back to back in alternating processes. Not switched on and off around
 * each measurement within one process: the first moments after each switch run code the JIT has just thrown
 * away, and the cases measured next to it ran 20-25% slower for that alone.
 */
final class Observation {
    private static final List<String> EVENTS = List.of("Call", "Stream", "Transfer", "Connection",
            "HandshakeFailure", "Stall");

    private Observation() {
    }

    /** Turns metrics and the recording on for the rest of the process when {@code bench.observed} is true. */
    static void forTheWholeProcessIfAsked() {
        if (!Boolean.getBoolean("bench.observed")) {
            return;
        }
        new SwarmnetMetrics().bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        Recording recording = new Recording();
        for (String event : EVENTS) {
            recording.enable("dev.swarmnet." + event).withoutThreshold();
        }
        recording.setToDisk(false);
        recording.start(); // left running: it ends with the process
        System.err.println("bench: metrics bound to a Prometheus registry and a JFR recording of every"
                + " dev.swarmnet event, on for the whole process");
    }
}
