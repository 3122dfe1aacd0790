package dev.swarmnet.bench;

import dev.swarmnet.ThreadMode;
import java.util.Locale;

/** Command-line options of {@link Scale}. */
final class ScaleOptions {
    static final String USAGE = String.join("\n",
            "usage: bench/scale [--clients N] [--threads auto|platform|virtual] [--seconds S] [--drivers D]",
            "  --clients N   clients held at once, each with its own handler (default 2000)",
            "  --threads M   the gateway's handler threads (default auto: virtual above 512 on Java 21+)",
            "  --seconds S   how long the drivers call (default 10)",
            "  --drivers D   threads going round the clients (default 16)");

    int clients = 2_000;
    ThreadMode mode = ThreadMode.AUTO;
    int seconds = 10;
    int drivers = 16;
    /** Set in the driver process: the gateway's port on 127.0.0.1. */
    int drivePort;
    boolean help;

    static ScaleOptions parse(String[] args) {
        ScaleOptions o = new ScaleOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> o.clients = OptionValues.intAfter(args, i++, 1, Integer.MAX_VALUE);
                case "--seconds" -> o.seconds = OptionValues.intAfter(args, i++, 1, Integer.MAX_VALUE);
                case "--drivers" -> o.drivers = OptionValues.intAfter(args, i++, 1, Integer.MAX_VALUE);
                case "--threads" -> o.mode = mode(OptionValues.after(args, i++));
                case "--drive" -> o.drivePort = OptionValues.intAfter(args, i++, 1, Integer.MAX_VALUE);
                case "-h", "--help" -> o.help = true;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        return o;
    }

    private static ThreadMode mode(String text) {
        try {
            return ThreadMode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--threads must be auto, platform or virtual, got " + text);
        }
    }
}
