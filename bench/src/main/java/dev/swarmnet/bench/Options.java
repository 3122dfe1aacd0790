package dev.swarmnet.bench;

import java.util.ArrayList;
import java.util.List;

/** Command-line options, parsed by hand: four flags do not justify a dependency. */
final class Options {

    /** swarmnet-vt (handlers on virtual threads) needs Java 21+, so it runs only when asked for. */
    static final List<String> ALL_SYSTEMS = List.of("raw", "swarmnet", "swarmnet-tls", "swarmnet-vt", "grpc");
    static final List<String> DEFAULT_SYSTEMS = List.of("raw", "swarmnet", "swarmnet-tls", "grpc");

    static final String USAGE = String.join("\n",
            "usage: bench/run [--repeat N] [--only raw,swarmnet,swarmnet-tls,grpc] [--quick] [--calls-only] [--markdown]",
            "  --repeat N    measure every metric N times per system, report the median (default 3)",
            "  --only LIST   comma-separated systems to run (default raw,swarmnet,swarmnet-tls,grpc;",
            "                swarmnet-tls is swarmnet over TLS 1.3; swarmnet-vt on Java 21+)",
            "  --quick       10x smaller counts: a smoke run, not a measurement",
            "  --calls-only  only the call round trips (e.g. next to a busy loop, to see the hot-CPU regime)",
            "  --markdown    print the table as Markdown (for BENCHMARKS.md)");

    int repeat = 3;
    List<String> systems = DEFAULT_SYSTEMS;
    boolean quick;
    boolean callsOnly;
    boolean markdown;
    boolean help;

    static Options parse(String[] args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repeat" -> options.repeat = OptionValues.intAfter(args, i++, 1, 1000);
                case "--only" -> options.systems = parseSystems(OptionValues.after(args, i++));
                case "--quick" -> options.quick = true;
                case "--calls-only" -> options.callsOnly = true;
                case "--markdown" -> options.markdown = true;
                case "-h", "--help" -> options.help = true;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        return options;
    }

    /** Shrinks a workload count for --quick runs. */
    int scaled(int count) {
        return quick ? Math.max(1, count / 10) : count;
    }

    /** Keeps the canonical order (raw, swarmnet, grpc) whatever order the user typed. */
    private static List<String> parseSystems(String value) {
        List<String> asked = List.of(value.split(","));
        for (String name : asked) {
            if (!ALL_SYSTEMS.contains(name.trim())) {
                throw new IllegalArgumentException("unknown system '" + name + "', expected one of " + ALL_SYSTEMS);
            }
        }
        List<String> systems = new ArrayList<>();
        for (String name : ALL_SYSTEMS) {
            if (asked.stream().anyMatch(a -> a.trim().equals(name))) {
                systems.add(name);
            }
        }
        return List.copyOf(systems);
    }
}
