package dev.swarmnet.bench;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The shape of every harness main: parse or explain the usage, run, exit with a status scripts can test. */
final class Launcher {
    /** Runs one harness with its parsed options. */
    @FunctionalInterface
    interface Runner<O> {
        void run(O options) throws Exception;
    }

    private Launcher() {
    }

    /** picocli's command line for a harness's options. */
    static CommandLine commandLine(HarnessOptions options) {
        return new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * Reads {@code args} into the options of {@code cl}: picocli's parse, then (unless --help was asked for)
     * {@link HarnessOptions#check}; a mistake throws a ParameterException or an IllegalArgumentException.
     */
    static void read(CommandLine cl, String... args) {
        cl.parseArgs(args);
        if (!cl.isUsageHelpRequested()) {
            ((HarnessOptions) cl.getCommand()).check();
        }
    }

    /** Header and note lines: as they are, or as a Markdown bullet list so they survive rendering. */
    static String lines(List<String> lines, boolean markdown) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(markdown ? "- " : "").append(line).append('\n');
        }
        return out.toString();
    }

    /**
     * Reads {@code args} into {@code options} (picocli, then {@link HarnessOptions#check}) and runs the harness;
     * exits 2 on bad arguments, 1 when the run fails, 0 otherwise. {@code --help} prints the usage.
     */
    static <O extends HarnessOptions> void launch(String[] args, O options, Runner<O> runner) {
        CommandLine cl = commandLine(options);
        try {
            read(cl, args);
        } catch (ParameterException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            cl.usage(System.err);
            System.exit(2);
            return;
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(System.out);
            return;
        }
        int status = 0;
        try {
            runner.run(options);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // A contender's leftover non-daemon thread must not keep the harness alive.
        System.exit(status);
    }
}
