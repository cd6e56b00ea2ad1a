package dev.autoloss.model.study;

import dev.autoloss.model.features.Mix64;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Each item's "clickbait" propensity, drawn from Beta(0.5, 2) (mean 0.2, most items near 0, a few high) by the
 * inverse CDF of a uniform that the seed and the item's key decide, so that an item keeps its propensity for the
 * whole stream and every run of a seed, without a table of items.
 */
final class ItemPropensity {

    static final double ALPHA = 0.5;
    static final double BETA = 2;
    private static final long SALT = 0x0c11cba17L;

    private final BetaDistribution beta = new BetaDistribution(null, ALPHA, BETA);
    private final long salt;
    /** the inverse CDF is solved numerically: once per item */
    private final Map<Long, Double> known = new HashMap<>();

    ItemPropensity(long seed) {
        this.salt = Mix64.mix(seed, SALT);
    }

    double of(long item) {
        return known.computeIfAbsent(item, k -> beta.inverseCumulativeProbability(Mix64.unit(Mix64.mix(salt, k))));
    }
}
