package dev.autoloss.jobs.replay;

import java.time.Duration;

/**
 * Event times for a format that has none (Criteo): line {@code i} of {@code n} gets
 * {@code start + i * span / (n - 1)}, spreading the file evenly from the start to the end of the span
 * the way the Kaggle file covers seven days. The span ends now because a broker refuses timestamps
 * far in the future.
 */
public record TimeSpread(long startMillis, long spanMillis, long lines) {

    public static final Duration DEFAULT_SPAN = Duration.ofDays(7);

    public TimeSpread {
        if (spanMillis < 0 || lines < 1) {
            throw new IllegalArgumentException("a time spread needs a span >= 0 and at least one line, got " + spanMillis + " ms over " + lines);
        }
    }

    public static TimeSpread endingNow(Duration span, long lines) {
        return new TimeSpread(System.currentTimeMillis() - span.toMillis(), span.toMillis(), lines);
    }

    /** The timestamp of the 0-based line {@code index}. */
    public long timestampOf(long index) {
        if (lines == 1) {
            return startMillis + spanMillis;
        }
        return startMillis + (long) ((double) Math.min(index, lines - 1) * spanMillis / (lines - 1));
    }
}
