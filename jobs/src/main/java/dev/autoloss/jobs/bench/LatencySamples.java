package dev.autoloss.jobs.bench;

/** Latencies of timed calls, in nanoseconds, and their percentiles (nearest rank). */
final class LatencySamples {

    private final LongSamples nanos = new LongSamples();

    void add(long elapsedNanos) {
        nanos.add(elapsedNanos);
    }

    int count() {
        return nanos.count();
    }

    /** The {@code p}-th percentile (0 < p <= 100) in milliseconds; NaN without samples. */
    double percentileMillis(double p) {
        return nanos.percentile(p) / 1e6;
    }
}
