package dev.swarmnet.bench;

/** Command-line options of {@link SmallFilesProfile}. */
final class ProfileOptions {
    static final String USAGE = String.join("\n",
            "usage: bench/profile [--files N] [--runs R] [--connections C]",
            "  --files N        small files of 4 KiB in one folder (default 10000)",
            "  --runs R         downloads in one JVM; the second half is reported (default 20)",
            "  --connections C  1 for a Client, more for a Swarm (default 1)");

    int files = 10_000;
    int runs = 20;
    int connections = 1;
    boolean help;

    static ProfileOptions parse(String[] args) {
        ProfileOptions o = new ProfileOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> o.files = OptionValues.intAfter(args, i++, 1, 10_000_000);
                case "--runs" -> o.runs = OptionValues.intAfter(args, i++, 2, 10_000);
                case "--connections" -> o.connections = OptionValues.intAfter(args, i++, 1, 64);
                case "-h", "--help" -> o.help = true;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        return o;
    }
}
