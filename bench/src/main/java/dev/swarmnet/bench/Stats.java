package dev.swarmnet.bench;

import java.util.Arrays;

/** The few statistics the harness needs; kept tiny so nothing hides in them. */
final class Stats {

    private Stats() {
    }

    /**
     * Nearest-rank percentile of raw nanosecond samples, in microseconds.
     * Sorts a copy so callers may ask for several percentiles of the same samples.
     */
    static double percentileMicros(long[] nanos, double percentile) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        int index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
        return sorted[index] / 1_000.0;
    }

    /** Median of the repeats: robust against one run disturbed by a noisy neighbour. */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
