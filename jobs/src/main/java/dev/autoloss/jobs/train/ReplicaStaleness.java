package dev.autoloss.jobs.train;

import java.util.Arrays;

/**
 * How far behind the other trainers a trainer's weights are: for each delta it adds, the delta's age (from when the
 * other trainer took it) and the steps of the other trainer it brings, which the weights had been missing. Keeps the
 * most recent samples.
 */
final class ReplicaStaleness {

    private static final int WINDOW = 1000;

    /** Quantiles of the recent samples (-1 before the first). */
    record Figures(long millisP50, long millisMax, long stepsP50, long stepsMax, long deltasAdded) {}

    private final long[] millis = new long[WINDOW];
    private final long[] steps = new long[WINDOW];
    private long added;

    void added(long ageMillis, long deltaSteps) {
        int slot = (int) (added++ % WINDOW);
        millis[slot] = ageMillis;
        steps[slot] = deltaSteps;
    }

    Figures figures() {
        int n = (int) Math.min(added, WINDOW);
        if (n == 0) {
            return new Figures(-1, -1, -1, -1, 0);
        }
        long[] m = Arrays.copyOf(millis, n);
        long[] s = Arrays.copyOf(steps, n);
        Arrays.sort(m);
        Arrays.sort(s);
        return new Figures(m[n / 2], m[n - 1], s[n / 2], s[n - 1], added);
    }
}
