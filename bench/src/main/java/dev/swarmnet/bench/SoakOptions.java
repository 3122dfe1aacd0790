package dev.swarmnet.bench;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Command-line options of {@link Soak}. */
final class SoakOptions {
    static final String USAGE = String.join("\n",
            "usage: bench/soak [--duration 10m] [--workers N]",
            "  --duration D  how long to run: 90s, 10m, 1h or an ISO-8601 duration (default 60s)",
            "  --workers N   threads driving mixed traffic at once (default 6)");

    Duration duration = Duration.ofSeconds(60);
    int workers = 6;
    boolean help;

    static SoakOptions parse(String[] args) {
        SoakOptions options = new SoakOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--duration" -> options.duration = parseDuration(OptionValues.after(args, i++));
                case "--workers" -> options.workers = OptionValues.intAfter(args, i++, 1, 256);
                case "-h", "--help" -> options.help = true;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        return options;
    }

    static Duration parseDuration(String text) {
        Duration d;
        try {
            d = text.startsWith("P") || text.startsWith("p") ? Duration.parse(text) : Duration.parse("PT" + text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--duration: not a duration: " + text + " (try 90s, 10m, 1h)");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("--duration must be positive, got " + text);
        }
        return d;
    }
}
