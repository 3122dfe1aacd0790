package dev.swarmnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every repeat of one case of {@link FileCompare} (one system on one workload): the time of each
 * run, or why it failed. A run whose destination was incomplete is a failure and has no time.
 */
final class Series {

    enum Unit {
        MB_PER_S("MB/s", "%,.0f"),
        FILES_PER_S("files/s", "%,.0f"),
        SECONDS("s", "%,.2f");

        final String label;
        final String format;

        Unit(String label, String format) {
            this.label = label;
            this.format = format;
        }
    }

    final String section;
    final String system;
    final Unit unit;
    /** What one run moves, in the unit's numerator: megabytes for MB/s, files for files/s. */
    final double amount;
    /** In run order: seconds, or NaN for a failed run. */
    private final List<Double> outcomes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    /** Why the system could not run at all (e.g. a tool is not installed), or null. */
    String missing;

    Series(String section, String system, Unit unit, double amount) {
        this.section = section;
        this.system = system;
        this.unit = unit;
        this.amount = amount;
    }

    void ok(double seconds) {
        outcomes.add(seconds);
    }

    void failed(String why) {
        outcomes.add(Double.NaN);
        failures.add(why);
    }

    List<String> failures() {
        return failures;
    }

    boolean ran() {
        return missing == null && !outcomes.isEmpty();
    }

    /** Median time of the successful runs, NaN when none succeeded. */
    double medianSeconds() {
        double[] ok = outcomes.stream().filter(d -> !d.isNaN()).mapToDouble(Double::doubleValue).toArray();
        return ok.length == 0 ? Double.NaN : Stats.median(ok);
    }

    /** The median in this series' unit (a rate from the median time), NaN when nothing succeeded. */
    double median() {
        return value(medianSeconds());
    }

    /**
     * The median over repeats of this series' value over {@code base}'s in the same repeat (both ran back to
     * back), NaN when no repeat has both: steadier than the ratio of medians when the machine's speed drifts.
     */
    double pairedRatio(Series base) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(outcomes.size(), base.outcomes.size()); i++) {
            double ratio = value(outcomes.get(i)) / base.value(base.outcomes.get(i));
            if (!Double.isNaN(ratio)) {
                ratios.add(ratio);
            }
        }
        return ratios.isEmpty() ? Double.NaN : Stats.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    double value(double seconds) {
        return unit == Unit.SECONDS ? seconds : amount / seconds;
    }

    String format(double value) {
        return String.format(Locale.ROOT, unit.format, value);
    }

    String medianText() {
        if (missing != null) {
            return "missing";
        }
        if (outcomes.isEmpty()) {
            return "-";
        }
        double median = median();
        if (Double.isNaN(median)) {
            return "FAILED";
        }
        return format(median) + (failures.isEmpty() ? "" : " (" + failures.size() + " FAILED)");
    }

    /** Each run's value in run order, so the spread is visible. */
    String runsText() {
        if (missing != null) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (double seconds : outcomes) {
            parts.add(Double.isNaN(seconds) ? "FAILED" : format(value(seconds)));
        }
        return String.join(" ", parts);
    }
}
