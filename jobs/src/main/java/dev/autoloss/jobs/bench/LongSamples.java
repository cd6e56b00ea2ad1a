package dev.autoloss.jobs.bench;

import java.util.Arrays;

/** Measured whole numbers (nanoseconds, steps) and their percentiles (nearest rank). */
final class LongSamples {

    private long[] values = new long[1024];
    private int count;

    void add(long value) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = value;
    }

    void addAll(LongSamples other) {
        for (int i = 0; i < other.count; i++) {
            add(other.values[i]);
        }
    }

    int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 < p <= 100; 100 is the largest); NaN without samples. */
    double percentile(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))];
    }
}
