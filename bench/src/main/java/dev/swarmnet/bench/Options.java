package dev.swarmnet.bench;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command-line options of {@link Compare} ({@code bench/run}). */
@Command(name = "bench/run", sortOptions = false,
        description = "Calls, streams and small transfers side by side: a raw-socket floor, swarmnet and gRPC on"
                + " loopback.")
final class Options extends HarnessOptions {

    /** swarmnet-vt (handlers on virtual threads) needs Java 21+, so it runs only when asked for. */
    static final List<String> ALL_SYSTEMS = List.of("raw", "swarmnet", "swarmnet-tls", "swarmnet-vt", "grpc");
    static final List<String> DEFAULT_SYSTEMS = List.of("raw", "swarmnet", "swarmnet-tls", "grpc");

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Measure every metric N times per system, report the median (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--only", paramLabel = "LIST", split = ",", hideParamSyntax = true,
            description = {"Comma-separated systems to run (default raw,swarmnet,swarmnet-tls,grpc; swarmnet-tls is"
                    + " swarmnet over TLS 1.3; swarmnet-vt on Java 21+)."})
    List<String> only = DEFAULT_SYSTEMS;

    @Option(names = "--quick", description = "10x smaller counts: a smoke run, not a measurement.")
    boolean quick;

    @Option(names = "--calls-only",
            description = "Only the call round trips (e.g. next to a busy loop, to see the hot-CPU regime).")
    boolean callsOnly;

    @Option(names = "--markdown", description = "Print the table as Markdown (for BENCHMARKS.md).")
    boolean markdown;

    /** The systems to run, in the canonical order (raw, swarmnet, ..., grpc) whatever order was typed. */
    List<String> systems = DEFAULT_SYSTEMS;

    @Override
    void check() {
        OptionValues.within("--repeat", repeat, 1, 1000);
        systems = OptionValues.canonical(only, ALL_SYSTEMS, "system");
    }

    /** Shrinks a workload count for --quick runs. */
    int scaled(int count) {
        return quick ? Math.max(1, count / 10) : count;
    }
}
