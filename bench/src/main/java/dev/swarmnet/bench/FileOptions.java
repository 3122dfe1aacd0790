package dev.swarmnet.bench;

import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link FileCompare}, parsed by hand like {@link Options}. */
final class FileOptions {

    /**
     * The sections in the order they run: (a) one large file, (b) small files, (c) through a slow link,
     * tree (a real-shaped source tree, library and whole command), resume (the large file cut at half, then run
     * again), tls (the large file over TLS against plain), heap check.
     */
    static final List<String> ALL_SECTIONS = List.of("a", "b", "c", "tree", "resume", "tls", "heap");

    static final String USAGE = String.join("\n",
            "usage: bench/files-run [--repeat N] [--quick] [--only a,b,c,tree,resume,tls,heap] [--heap-check] [--markdown]",
            "  --repeat N    measure every case N times, report the median (default 3)",
            "  --quick       10x smaller files and counts: a smoke run, not a measurement",
            "  --only LIST   comma-separated sections (default all):",
            "                a = one 1 GiB file vs the transferTo floor, b = 10,000 x 4 KiB vs tar|nc and rsync,",
            "                c = through a 10 ms / 20 MB/s-per-connection proxy, tls = 1 GiB over TLS 1.3 vs plain,",
            "                resume = the 1 GiB download cut at half, then run again (bytes sent again),",
            "                heap = 1 GiB download under -Xmx64m",
            "  --heap-check  the same as --only heap",
            "  --markdown    print the table as Markdown (for BENCHMARKS.md)");

    int repeat = 3;
    List<String> sections = ALL_SECTIONS;
    boolean quick;
    boolean markdown;
    boolean help;

    static FileOptions parse(String[] args) {
        FileOptions options = new FileOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repeat" -> options.repeat = OptionValues.intAfter(args, i++, 1, 1000);
                case "--only" -> options.sections = parseSections(OptionValues.after(args, i++));
                case "--heap-check" -> options.sections = List.of("heap");
                case "--quick" -> options.quick = true;
                case "--markdown" -> options.markdown = true;
                case "-h", "--help" -> options.help = true;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        return options;
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

    /** Keeps the canonical order whatever order the user typed. */
    private static List<String> parseSections(String value) {
        List<String> asked = new ArrayList<>();
        for (String name : value.split(",")) {
            String trimmed = name.trim().toLowerCase(java.util.Locale.ROOT);
            if (!ALL_SECTIONS.contains(trimmed)) {
                throw new IllegalArgumentException("unknown section '" + name + "', expected some of " + ALL_SECTIONS);
            }
            asked.add(trimmed);
        }
        return ALL_SECTIONS.stream().filter(asked::contains).toList();
    }
}
