package dev.swarmnet.bench;

import java.nio.file.Path;

/** Command-line options of {@link SmallFilesProfile}. */
final class ProfileOptions {
    static final String USAGE = String.join("\n",
            "usage: bench/profile [--files N] [--tree | --src DIR] [--runs R] [--connections C] [--touch] [--tids FILE]",
            "  --files N        how many files (default 10000 of 4 KiB in one folder; with --tree 15000)",
            "  --tree           a generated source tree (RealTree) instead of one flat folder",
            "  --src DIR        an existing folder, downloaded recursively (e.g. one RealTree made)",
            "  --runs R         downloads in one JVM; the second half is reported (default 20)",
            "  --connections C  1 for a Client, more for a Swarm (default 1)",
            "  --touch          before each run set every file's mtime to itself (renewing its ctime), so that the",
            "                   gateway reads large files again to checksum them (a file it has not sent before)",
            "  --tids FILE      write 'tid name' for every thread seen, for bench/syscalls to attribute",
            "                   strace's per-thread counts");

    int files = 10_000;
    boolean filesGiven;
    boolean tree;
    Path src;
    int runs = 20;
    int connections = 1;
    Path tids;
    boolean touch;
    boolean help;

    static ProfileOptions parse(String[] args) {
        ProfileOptions o = new ProfileOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> {
                    o.files = OptionValues.intAfter(args, i++, 1, 10_000_000);
                    o.filesGiven = true;
                }
                case "--tree" -> o.tree = true;
                case "--src" -> o.src = Path.of(OptionValues.after(args, i++));
                case "--runs" -> o.runs = OptionValues.intAfter(args, i++, 2, 10_000);
                case "--connections" -> o.connections = OptionValues.intAfter(args, i++, 1, 64);
                case "--tids" -> o.tids = Path.of(OptionValues.after(args, i++));
                case "--touch" -> o.touch = true;
                case "-h", "--help" -> o.help = true;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        if (o.tree && !o.filesGiven) {
            o.files = RealTree.FILES;
        }
        if (o.tree && o.src != null) {
            throw new IllegalArgumentException("--tree and --src exclude each other");
        }
        return o;
    }
}
