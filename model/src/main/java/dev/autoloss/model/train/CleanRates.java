package dev.autoloss.model.train;

/**
 * Items' clean click rates from their observed rates and their few trusted labels (empirical Bayes). False clicks are
 * assumed to come from negatives only: an item's observed rate is {@code o = c + (1 - c) f} for its clean rate
 * {@code c} and false-click rate {@code f}, so its clean rate is at most its observed one.
 * <ul>
 *   <li>The prior: every item has the stream's false-click rate {@code falseClicks}, so its clean rate is
 *       {@code (o - f) / (1 - f)}.</li>
 *   <li>{@code itemVariance}: how far items' trusted rates spread about their priors beyond their sampling variance
 *       (method of moments, weighted by trusted events), 0 where the noise does not depend on the item.</li>
 *   <li>An item's estimate: its prior, moved toward its trusted rate by {@code itemVariance / (itemVariance + sampling
 *       variance)}, so that an item's own labels count as far as items really differ and it has enough of them.</li>
 * </ul>
 * A line fitted to items' trusted rates against their observed rates, as the prior instead, gained more where noise
 * concentrates on items and lost on clean streams: an item's observed rate is itself noisy, so the line treats part
 * of every item's real difference as noise (docs/research.md).
 */
record CleanRates(double falseClicks, double itemVariance) {

    /** A binomial variance floor, so that an item whose prior is near 0 does not take a few trusted labels at face value. */
    private static final double MIN_BINOMIAL_VARIANCE = 0.01;

    /**
     * @param observedRate, trustedRate the stream's rates, the trusted one smoothed toward the observed one while there
     *                      are few trusted labels
     * @param observed, trustedEvents, trustedPositives per item, the first {@code items} entries: its observed rate and
     *                  trusted counts (at least one event)
     */
    static CleanRates fit(double observedRate, double trustedRate, double[] observed, long[] trustedEvents, long[] trustedPositives,
                          int items) {
        CleanRates stream = new CleanRates(falseClickRate(observedRate, trustedRate), 0);
        double excess = 0;
        long events = 0;
        for (int i = 0; i < items; i++) {
            double prior = stream.prior(observed[i]);
            double deviation = (double) trustedPositives[i] / trustedEvents[i] - prior;
            excess += trustedEvents[i] * deviation * deviation - binomialVariance(prior);
            events += trustedEvents[i];
        }
        return new CleanRates(stream.falseClicks, events == 0 ? 0 : Math.max(0, excess / events));
    }

    /** The share of clean negatives observed as clicks, {@code f = (o - c) / (1 - c)}: 0 where the clean rate is the observed one or above. */
    static double falseClickRate(double observed, double clean) {
        return Math.max(0, (observed - clean) / (1 - clean));
    }

    double prior(double observed) {
        return Math.max(0, (observed - falseClicks) / (1 - falseClicks));
    }

    double estimate(double observed, long trustedPositives, long trustedEvents) {
        double prior = prior(observed);
        if (trustedEvents == 0) {
            return prior;
        }
        double sampling = binomialVariance(prior) / trustedEvents;
        double shrunk = prior + itemVariance / (itemVariance + sampling) * ((double) trustedPositives / trustedEvents - prior);
        return Math.min(observed, Math.max(0, shrunk));
    }

    private static double binomialVariance(double rate) {
        return Math.max(MIN_BINOMIAL_VARIANCE, rate * (1 - rate));
    }
}
