package dev.swarmnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks of option values that picocli's parse does not make, the same way for every harness. */
final class OptionValues {
    private OptionValues() {
    }

    /** {@code value} of {@code option} when it is from {@code min} to {@code max}. */
    static int within(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max
                    + ", got '" + value + "'");
        }
        return value;
    }

    /**
     * The names of {@code asked} (typed in any case and order, e.g. split from a comma-separated list), in the
     * order of {@code all}; {@code what} names the kind of name in the error for one that is not in {@code all}.
     */
    static List<String> canonical(List<String> asked, List<String> all, String what) {
        List<String> names = new ArrayList<>();
        for (String name : asked) {
            String trimmed = name.trim().toLowerCase(Locale.ROOT);
            if (!all.contains(trimmed)) {
                throw new IllegalArgumentException("unknown " + what + " '" + name + "', expected some of " + all);
            }
            names.add(trimmed);
        }
        return all.stream().filter(names::contains).toList();
    }
}
