package dev.autoloss.jobs.replay;

import java.util.concurrent.TimeUnit;

/** Holds a producer to a rate: the {@code n}-th event is not sent before {@code n / rate} seconds have passed. */
public final class Pacer {

    private final double eventsPerSecond;
    private long startNanos = -1;

    /** @param eventsPerSecond the rate limit; 0 means as fast as possible */
    public Pacer(double eventsPerSecond) {
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("rate must be >= 0 events/s (0 = as fast as possible), got " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
    }

    /** Waits until event number {@code sent} (0-based) may go. */
    public void await(long sent) throws InterruptedException {
        if (eventsPerSecond == 0) {
            return;
        }
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
        }
        long due = startNanos + (long) (sent * 1e9 / eventsPerSecond);
        if (due > now) {
            TimeUnit.NANOSECONDS.sleep(due - now);
        }
    }
}
