package dev.swarmnet.bench;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command-line options of {@link FileCompare} ({@code bench/files-run}). */
@Command(name = "bench/files-run", sortOptions = false,
        description = "File transfer side by side: swarmnet against a transferTo floor, tar|nc and rsync.")
final class FileOptions extends HarnessOptions {

    /**
     * The sections in the order they run: (a) one large file, (b) small files, (c) through a slow link,
     * tree (a real-shaped source tree, library and whole command), resume (the large file cut at half, then run
     * again), tls (the large file over TLS against plain), heap check.
     */
    static final List<String> ALL_SECTIONS = List.of("a", "b", "c", "tree", "resume", "tls", "heap");

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Measure every case N times, report the median (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--quick", description = "10x smaller files and counts: a smoke run, not a measurement.")
    boolean quick;

    @Option(names = "--only", paramLabel = "LIST", split = ",", hideParamSyntax = true,
            description = {"Comma-separated sections (default all):",
                    "a = one 1 GiB file vs the transferTo floor, b = 10,000 x 4 KiB vs tar|nc and rsync,",
                    "c = through a 10 ms / 20 MB/s-per-connection proxy, tls = 1 GiB over TLS 1.3 vs plain,",
                    "resume = the 1 GiB download cut at half, then run again (bytes sent again),",
                    "heap = 1 GiB download under -Xmx64m"})
    List<String> only = ALL_SECTIONS;

    @Option(names = "--heap-check", description = "The same as --only heap.")
    boolean heapCheck;

    @Option(names = "--markdown", description = "Print the table as Markdown (for BENCHMARKS.md).")
    boolean markdown;

    /** The sections to run, in the order they run whatever order was typed. */
    List<String> sections = ALL_SECTIONS;

    @Override
    void check() {
        OptionValues.within("--repeat", repeat, 1, 1000);
        sections = heapCheck ? List.of("heap") : OptionValues.canonical(only, ALL_SECTIONS, "section");
    }

    boolean runs(String section) {
        return sections.contains(section);
    }

    /** Shrinks a size or count 10x for --quick runs. */
    long scaled(long value) {
        return quick ? Math.max(1, value / 10) : value;
    }

    int scaled(int value) {
        return (int) scaled((long) value);
    }
}
