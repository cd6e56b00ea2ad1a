package dev.autoloss.model.search;

/**
 * The share of a batch's positives that T-CE drops after {@code t} DRS steps: {@code max * min(1, t / steps)}, rising
 * linearly from 0 as Wang et al. (2021) ramp it, so that the model first learns what a hard positive is.
 */
public record DropRate(double max, long steps) {

    /** Up to 0.2 (the upper end of the paper's 0.05-0.2), reached after 100 steps (200,000 events at the default batch). */
    public static DropRate standard() {
        return new DropRate(0.2, 100);
    }

    public double at(long step) {
        return steps == 0 ? max : max * Math.min(1, (double) step / steps);
    }
}
