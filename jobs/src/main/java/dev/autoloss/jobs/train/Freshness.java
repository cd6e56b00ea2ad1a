package dev.autoloss.jobs.train;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Model freshness: for a sample of trained events, the time from the event's append to Kafka until a
 * published version included it. Events trained since the last version wait in the open bucket; a
 * checkpoint seals them under the version it assigns; when that version (or a newer one) is published,
 * each sealed event's freshness is its publish time minus its append time. Only topics that record the
 * broker's append time (LogAppendTime) give figures. A measurement, not state: it restarts empty.
 */
final class Freshness {

    /** One in this many trained events is sampled. */
    static final int SAMPLE_EVERY = 8;
    /** Samples kept waiting for a publish; the oldest are dropped beyond this during a long outage. */
    static final int MAX_WAITING = 1 << 20;
    /** Freshness values kept for the percentiles (the most recent ones). */
    static final int WINDOW = 1 << 17;

    private record Sealed(long version, long[] appendTimes) {}

    private final ArrayDeque<Sealed> sealed = new ArrayDeque<>();
    private long[] open = new long[1024];
    private int openSize;
    private int waiting;
    private long seen;
    private final long[] window = new long[WINDOW];
    private int windowNext;
    private int windowSize;

    void trained(long appendTime) {
        if (appendTime < 0 || seen++ % SAMPLE_EVERY != 0) {
            return;
        }
        if (openSize == open.length) {
            open = Arrays.copyOf(open, open.length * 2);
        }
        open[openSize++] = appendTime;
    }

    void seal(long version) {
        if (openSize == 0) {
            return;
        }
        sealed.addLast(new Sealed(version, Arrays.copyOf(open, openSize)));
        waiting += openSize;
        openSize = 0;
        while (waiting > MAX_WAITING && sealed.size() > 1) {
            waiting -= sealed.removeFirst().appendTimes().length;
        }
    }

    void published(long version, long publishMillis) {
        while (!sealed.isEmpty() && sealed.peekFirst().version() <= version) {
            long[] times = sealed.removeFirst().appendTimes();
            waiting -= times.length;
            for (long appendTime : times) {
                window[windowNext] = publishMillis - appendTime;
                windowNext = (windowNext + 1) % WINDOW;
                windowSize = Math.min(WINDOW, windowSize + 1);
            }
        }
    }

    /** The {@code q}-quantile (0..1) of recent freshness in milliseconds, or -1 before the first measurement. */
    long quantileMillis(double q) {
        if (windowSize == 0) {
            return -1;
        }
        long[] values = Arrays.copyOf(window, windowSize);
        Arrays.sort(values);
        return values[(int) Math.max(0, Math.ceil(q * windowSize) - 1)]; // nearest rank
    }
}
