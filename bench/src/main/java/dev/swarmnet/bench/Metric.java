package dev.swarmnet.bench;

import java.util.Locale;

/** A row of the comparison table: what was measured, its unit, and which direction is better. */
enum Metric {
    CALL_P50("call round trip p50", "us", 1, 1, true),
    CALL_P99("call round trip p99", "us", 1, 1, true),
    STREAM_SMALL("stream 64 B items", "M items/s", 1e6, 2, false),
    STREAM_LARGE("stream 64 KiB items", "MB/s", 1, 0, false);

    private final String label;
    private final String unit;
    /** Raw values are divided by this before printing (items/s are shown in millions). */
    private final double scale;
    private final int decimals;
    private final boolean lowerIsBetter;

    Metric(String label, String unit, double scale, int decimals, boolean lowerIsBetter) {
        this.label = label;
        this.unit = unit;
        this.scale = scale;
        this.decimals = decimals;
        this.lowerIsBetter = lowerIsBetter;
    }

    String title() {
        return label + " (" + unit + ", " + (lowerIsBetter ? "lower" : "higher") + " is better)";
    }

    String format(double value) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value / scale);
    }
}
