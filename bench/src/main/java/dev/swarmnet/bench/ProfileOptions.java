package dev.swarmnet.bench;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command-line options of {@link SmallFilesProfile} ({@code bench/profile}). */
@Command(name = "bench/profile", sortOptions = false,
        description = "Downloads of many small files in one JVM, for a profiler or strace to look at.")
final class ProfileOptions extends HarnessOptions {
    @Option(names = "--files", paramLabel = "N",
            description = "How many files (default 10000 of 4 KiB in one folder; with --tree " + RealTree.FILES + ").")
    Integer filesGiven;

    @Option(names = "--tree", description = "A generated source tree (RealTree) instead of one flat folder.")
    boolean tree;

    @Option(names = "--src", paramLabel = "DIR",
            description = "An existing folder, downloaded recursively (e.g. one RealTree made).")
    Path src;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "20",
            description = "Downloads in one JVM; the second half is reported (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--connections", paramLabel = "C", defaultValue = "1",
            description = "1 for a Client, more for a Swarm (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--touch", description = "Before each run set every file's mtime to itself (renewing its ctime),"
            + " so that the gateway reads large files again to checksum them (a file it has not sent before).")
    boolean touch;

    @Option(names = "--tids", paramLabel = "FILE", description = "Write 'tid name' for every thread seen, for"
            + " bench/syscalls to attribute strace's per-thread counts.")
    Path tids;

    /** How many files: as given, else the default of the layout. */
    int files;

    @Override
    void check() {
        if (tree && src != null) {
            throw new IllegalArgumentException("--tree and --src exclude each other");
        }
        files = filesGiven != null ? OptionValues.within("--files", filesGiven, 1, 10_000_000)
                : tree ? RealTree.FILES : 10_000;
        OptionValues.within("--runs", runs, 2, 10_000);
        OptionValues.within("--connections", connections, 1, 64);
    }
}
