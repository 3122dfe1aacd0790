package dev.swarmnet.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}; a bare number is seconds:
 * {@code 0}, {@code 5}, {@code 0.25}; or ISO-8601 {@code PT5M}) and byte sizes ({@code 65536}, {@code 64K}, {@code 64KiB}, {@code 4M}, {@code 4MiB},
 * {@code 1G}; binary: K = 1024) as typed on the command line.
 */
final class Units {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    /** Seconds, to the millisecond: every timeout option reads a bare number as seconds. */
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,3})?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(|k|kib|m|mib|g|gib)");

    private Units() {
    }

    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (SECONDS.matcher(t).matches()) {
            int dot = t.indexOf('.');
            long whole = Long.parseLong(dot < 0 ? t : t.substring(0, dot));
            long millis = dot < 0 ? 0 : Long.parseLong((t.substring(dot + 1) + "00").substring(0, 3));
            return Duration.ofSeconds(whole).plusMillis(millis);
        }
        if (t.startsWith("p")) {
            try {
                Duration d = Duration.parse(text.strip());
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
        } else {
            Matcher m = DURATION.matcher(t);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
        }
        throw new TypeConversionException("'" + text + "' is not a duration: seconds (5, 0.5), a number with ms, s,"
                + " m, h or d (e.g. 500ms, 30s, 5m), or ISO-8601 (PT5M)");
    }

    static int bytes(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2)) {
                case "k", "kib" -> 1024L;
                case "m", "mib" -> 1024L * 1024;
                case "g", "gib" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            if (n <= Integer.MAX_VALUE / unit) {
                return (int) (n * unit);
            }
            throw new TypeConversionException("'" + text + "' is too large (at most " + Integer.MAX_VALUE + " bytes)");
        }
        throw new TypeConversionException("'" + text + "' is not a size: a number of bytes, optionally with K, M or G"
                + " (KiB, MiB, GiB: 1K = 1024), e.g. 65536 or 4M");
    }

    /** picocli's converter for DURATION options. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return duration(value);
        }
    }

    /** picocli's converter for BYTES options. */
    static final class BytesConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return bytes(value);
        }
    }

    /**
     * Milliseconds with three decimals, as {@code %.3f} prints them in the root locale, without
     * {@link java.util.Formatter}: its first use loads the locale's number symbols, a tenth of a ping's start-up.
     */
    static String millis(double ms) {
        return java.math.BigDecimal.valueOf(ms).setScale(3, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
