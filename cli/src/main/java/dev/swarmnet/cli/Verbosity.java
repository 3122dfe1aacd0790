package dev.swarmnet.cli;

import picocli.CommandLine.Option;

/**
 * {@code -q} and {@code -v}, which every command takes: each command's help lists them under one heading,
 * after the command's own options and its connection options. {@link Main} reads {@code -v} itself too, to
 * set the log level before any logger exists.
 */
class Verbosity {
    /** The heading and place in the help of the group these options are declared in. */
    static final String HEADING = "%nOutput:%n";
    static final int ORDER = 2;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Say more: log progress (connections, transfers) on stderr;"
            + " get and put also list the entries they skip on purpose (links, special files).")
    boolean verbose;

    /** Human text on stdout: not with -q. */
    boolean text() {
        return !quiet;
    }
}
