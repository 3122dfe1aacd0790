package dev.swarmnet.bench;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Command-line options of {@link Soak} ({@code bench/soak}). */
@Command(name = "bench/soak", sortOptions = false,
        description = "Mixed traffic against one gateway for a while; then checks that everything was given back.")
final class SoakOptions extends HarnessOptions {
    @Option(names = "--duration", paramLabel = "D", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to run: 90s, 10m, 1h or an ISO-8601 duration (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "6",
            description = "Threads driving mixed traffic at once (default ${DEFAULT-VALUE}).")
    int workers;

    @Override
    void check() {
        OptionValues.within("--workers", workers, 1, 256);
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

    /** picocli's converter for {@code --duration}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
