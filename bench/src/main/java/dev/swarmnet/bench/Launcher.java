package dev.swarmnet.bench;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** The shape of every harness main: parse or explain the usage, run, exit with a status scripts can test. */
final class Launcher {
    /** Runs one harness with its parsed options. */
    @FunctionalInterface
    interface Runner<O> {
        void run(O options) throws Exception;
    }

    private Launcher() {
    }

    /** Header and note lines: as they are, or as a Markdown bullet list so they survive rendering. */
    static String lines(List<String> lines, boolean markdown) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(markdown ? "- " : "").append(line).append('\n');
        }
        return out.toString();
    }

    /** Exits 2 on bad arguments, 1 when the run fails, 0 otherwise. */
    static <O> void launch(String[] args, String usage, Function<String[], O> parse, Predicate<O> help,
            Runner<O> runner) {
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        if (help.test(options)) {
            System.out.println(usage);
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
