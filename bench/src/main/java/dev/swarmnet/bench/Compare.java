package dev.swarmnet.bench;

import dev.swarmnet.ThreadMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs raw, swarmnet and grpc through the same three workloads in one JVM and prints
 * their medians side by side. Systems are interleaved within every repeat (raw, swarmnet,
 * grpc, raw, ...) so that a burst of noise on this shared machine hurts all of them
 * alike instead of whichever happened to run at that moment.
 *
 * <p>Progress goes to stderr and the result to stdout, so {@code --markdown > file} works.
 */
public final class Compare {

    static final int CALL_SIZE = 64;
    static final int CALL_WARMUP = 20_000;
    static final int CALL_COUNT = 50_000;
    static final int SMALL_ITEM = 64;
    static final int SMALL_COUNT = 2_000_000;
    static final int LARGE_ITEM = 64 * 1024;
    static final int LARGE_COUNT = 40_000;
    /** Each stream measurement is preceded by an unrecorded stream this much smaller. */
    static final int STREAM_WARMUP_DIVISOR = 4;

    private final Options options;
    private final List<Contender> contenders;
    private final Table table;

    private Compare(Options options, List<Contender> contenders) {
        this.options = options;
        this.contenders = contenders;
        this.table = new Table(options.systems);
    }

    public static void main(String[] args) {
        Observation.forTheWholeProcessIfAsked();
        Launcher.launch(args, new Options(), Compare::run);
    }

    private static void run(Options options) throws Exception {
        List<Contender> contenders = new ArrayList<>();
        try {
            for (String system : options.systems) {
                Contender contender = create(system);
                contenders.add(contender);
                contender.start();
            }
            new Compare(options, contenders).measureAndPrint();
        } finally {
            for (Contender contender : contenders) {
                closeQuietly(contender);
            }
        }
    }

    private static Contender create(String system) throws Exception {
        return switch (system) {
            case "raw" -> new RawSocketContender();
            case "swarmnet" -> new SwarmnetContender("swarmnet", ThreadMode.PLATFORM);
            case "swarmnet-tls" -> new SwarmnetContender("swarmnet-tls", ThreadMode.PLATFORM, BenchTls.selfSigned());
            case "swarmnet-vt" -> new SwarmnetContender("swarmnet-vt", ThreadMode.VIRTUAL);
            case "grpc" -> new GrpcContender();
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
    }

    private void measureAndPrint() throws Exception {
        System.out.print(header());
        System.out.flush();
        measureCalls();
        if (!options.callsOnly) {
            measureStream(Metric.STREAM_SMALL, options.scaled(SMALL_COUNT), SMALL_ITEM);
            measureStream(Metric.STREAM_LARGE, options.scaled(LARGE_COUNT), LARGE_ITEM);
        }
        System.out.println();
        System.out.print(table.render(options.markdown));
        System.out.print(notes());
    }

    private void measureCalls() throws Exception {
        int warmup = options.scaled(CALL_WARMUP);
        int count = options.scaled(CALL_COUNT);
        for (int repeat = 1; repeat <= options.repeat; repeat++) {
            for (Contender contender : contenders) {
                settle();
                long[] nanos = contender.batchRoundTrips(warmup, count, CALL_SIZE);
                double p50 = Stats.percentileMicros(nanos, 50);
                double p99 = Stats.percentileMicros(nanos, 99);
                table.record(contender.name(), Metric.CALL_P50, p50);
                table.record(contender.name(), Metric.CALL_P99, p99);
                progress("call     %-8s #%d  p50 %8.1f us  p99 %8.1f us", contender.name(), repeat, p50, p99);
            }
        }
    }

    private void measureStream(Metric metric, int count, int itemSize) throws Exception {
        for (Contender contender : contenders) {
            warmUpUntilSteady(contender, count, itemSize);
        }
        for (int repeat = 1; repeat <= options.repeat; repeat++) {
            for (Contender contender : contenders) {
                settle();
                contender.streamItems(Math.max(1, count / STREAM_WARMUP_DIVISOR), itemSize);
                double seconds = contender.streamItems(count, itemSize);
                double value = metric == Metric.STREAM_SMALL
                        ? count / seconds
                        : (double) count * itemSize / 1e6 / seconds;
                table.record(contender.name(), metric, value);
                progress("stream   %-8s #%d  %d x %d B in %.3f s: %s %s", contender.name(), repeat,
                        count, itemSize, seconds, metric.format(value), metric == Metric.STREAM_SMALL ? "M items/s" : "MB/s");
            }
        }
    }

    /** Warm-up streams per system, at least and at most (see {@link #warmUpUntilSteady}). */
    static final int MIN_STREAM_WARM_UPS = 3;
    static final int MAX_STREAM_WARM_UPS = 8;

    /**
     * Unrecorded streams of the measured length until one is no more than 5% faster than the best before it
     * (the JIT has then done most of its work), at least {@value #MIN_STREAM_WARM_UPS}, at most
     * {@value #MAX_STREAM_WARM_UPS}: on two cores a library's stream path took two million-item streams to
     * compile (2.5, then 6.5, then 8 M items/s), so one short warm-up stream measured the compiler.
     */
    private void warmUpUntilSteady(Contender contender, int count, int itemSize) throws Exception {
        double best = Double.MAX_VALUE;
        for (int pass = 1; pass <= MAX_STREAM_WARM_UPS; pass++) {
            double seconds = contender.streamItems(count, itemSize);
            progress("warm-up  %-8s %d x %d B in %.3f s", contender.name(), count, itemSize, seconds);
            boolean steady = seconds >= 0.95 * best;
            best = Math.min(best, seconds);
            if (pass >= MIN_STREAM_WARM_UPS && steady) {
                return;
            }
        }
    }

    /** Collects the previous run's garbage now, so it is not charged to the next system. */
    private static void settle() {
        System.gc();
    }

    private String header() {
        Runtime runtime = Runtime.getRuntime();
        List<String> lines = List.of(
                String.format(Locale.ROOT, "swarmnet bench: raw floor vs swarmnet vs grpc, loopback 127.0.0.1, one JVM%s",
                        options.quick ? "  [QUICK: 10x smaller counts, not a measurement]" : ""),
                String.format(Locale.ROOT, "machine: %d cores, java %s (%s), %s %s/%s, max heap %d MiB",
                        runtime.availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                        System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                        runtime.maxMemory() >> 20),
                String.format(Locale.ROOT, "calls: %,d warm-up + %,d measured, %d B request and reply, sequential on one connection",
                        options.scaled(CALL_WARMUP), options.scaled(CALL_COUNT), CALL_SIZE),
                String.format(Locale.ROOT, "streams: %,d x %d B and %,d x %d B items, after warm-up streams of that length until steady"
                        + " (3 to 8 per system), and each after a warm-up stream 1/%d as long",
                        options.scaled(SMALL_COUNT), SMALL_ITEM, options.scaled(LARGE_COUNT), LARGE_ITEM, STREAM_WARMUP_DIVISOR),
                String.format(Locale.ROOT, "repeats: %d per system, interleaved; the table shows medians", options.repeat));
        return Launcher.lines(lines, options.markdown);
    }

    private String notes() {
        List<String> lines = new ArrayList<>();
        lines.add("MB = 10^6 payload bytes (idents and framing not counted).");
        if (options.systems.contains("swarmnet") && options.systems.size() > 1) {
            lines.add("swarmnet/X = swarmnet's median divided by X's: below 1.00x is faster for round trips, slower for streams.");
        }
        for (Contender contender : contenders) {
            if (!contender.note().isEmpty()) {
                lines.add(contender.name() + ": " + contender.note());
            }
        }
        return "\n" + Launcher.lines(lines, options.markdown);
    }


    private static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    private static void closeQuietly(Contender contender) {
        try {
            contender.close();
        } catch (Exception e) {
            System.err.println("closing " + contender.name() + " failed: " + e);
        }
    }
}
