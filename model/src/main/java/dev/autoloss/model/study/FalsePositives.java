package dev.autoloss.model.study;

import java.util.Locale;

/**
 * The chance that a clean negative of an item is observed as a positive: {@code min(1, c * propensity(item))}
 * (concentrated) or one {@code q} for every item (uniform). {@code c} and {@code q} are calibrated on a sample of the
 * stream's clicks (their items and the teacher's click probabilities) so that the expected share of false positives
 * among observed positives is the wanted one, {@code FP / (TP + FP) = share}: with {@code TP = sum p} and
 * {@code FP = sum (1 - p) chance(item)}, the two conditions add the same expected number of false positives.
 */
final class FalsePositives {

    private static final int BISECTIONS = 60;
    private static final double MAX_SCALE = 1e12;

    /** null for the uniform condition */
    private final ItemPropensity propensity;
    /** c for the concentrated condition, q for the uniform one */
    private final double scale;

    private FalsePositives(ItemPropensity propensity, double scale) {
        this.propensity = propensity;
        this.scale = scale;
    }

    /**
     * @param propensity the items' propensities for the concentrated condition, null for the uniform one
     * @param items the sample's item keys
     * @param clickProbabilities the teacher's click probability of each sample click
     */
    static FalsePositives calibrated(double share, ItemPropensity propensity, long[] items, double[] clickProbabilities) {
        double positives = 0;
        double negatives = 0;
        for (double p : clickProbabilities) {
            positives += p;
            negatives += 1 - p;
        }
        double wanted = share / (1 - share) * positives;
        if (wanted >= negatives) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "false-positive-share %s cannot be reached: with a "
                    + "click rate of %.3f, turning every negative into a positive gives a share of %.3f", share,
                    positives / clickProbabilities.length, negatives / (positives + negatives)));
        }
        if (propensity == null) {
            return new FalsePositives(null, wanted / negatives);
        }
        double[] itemPropensity = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            itemPropensity[i] = propensity.of(items[i]);
        }
        double lo = 0;
        double hi = 1;
        while (expected(hi, itemPropensity, clickProbabilities) < wanted) {
            hi *= 2;
            if (hi > MAX_SCALE) {
                throw new IllegalArgumentException("false-positive-share " + share + " cannot be reached with the sample's item propensities");
            }
        }
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = (lo + hi) / 2;
            if (expected(mid, itemPropensity, clickProbabilities) < wanted) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new FalsePositives(propensity, (lo + hi) / 2);
    }

    /** The expected false positives of the sample at scale {@code c}. */
    private static double expected(double c, double[] itemPropensity, double[] clickProbabilities) {
        double sum = 0;
        for (int i = 0; i < itemPropensity.length; i++) {
            sum += (1 - clickProbabilities[i]) * Math.min(1, c * itemPropensity[i]);
        }
        return sum;
    }

    /** The chance that a clean negative of {@code item} is observed as a positive. */
    double chance(long item) {
        return propensity == null ? scale : Math.min(1, scale * propensity.of(item));
    }
}
