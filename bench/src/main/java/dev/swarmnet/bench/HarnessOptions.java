package dev.swarmnet.bench;

import picocli.CommandLine.Option;

/**
 * What every harness's options share: {@code -h}/{@code --help}, and the checks picocli's parse cannot make
 * (ranges, options that exclude each other), run by {@link Launcher} after it.
 */
abstract class HarnessOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    boolean help;

    /** Checks the parsed values together; an IllegalArgumentException says what is wrong. */
    void check() {
    }
}
