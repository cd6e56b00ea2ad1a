package dev.autoloss.model.train;

/**
 * Items' clean click rates from their observed rates and their few trusted labels (empirical Bayes). False clicks are
 * assumed to come from negatives only, so an item's clean rate is at most its observed one.
 * <ul>
 *   <li>The prior: a line {@code c = mean + slope * (observed - observedMean)} through the items' trusted rates, least
 *       squares weighted by their trusted events, averaged with the identity (no correction) counted as
 *       {@link #IDENTITY_EVENTS} trusted events. Uniform noise makes the line exact; noise concentrated on items puts
 *       the noisy ones below it.</li>
 *   <li>{@code itemVariance}: how far items' trusted rates spread about the line beyond their sampling variance (method
 *       of moments, each item counted once), 0 where the noise does not depend on the item.</li>
 *   <li>An item's estimate: the prior, moved toward its trusted rate by {@code itemVariance / (itemVariance + sampling
 *       variance)}.</li>
 * </ul>
 */
record CleanRates(double observedMean, double mean, double slope, double itemVariance) {

    /** No trusted labels yet: every clean rate is the observed one. */
    static final CleanRates NONE = new CleanRates(0, 0, 1, 0);
    static final double IDENTITY_EVENTS = 20;
    /** A binomial variance floor, so that an item whose prior is near 0 does not take a few trusted labels at face value. */
    private static final double MIN_BINOMIAL_VARIANCE = 0.01;

    /** From the first {@code items} entries: each item's observed rate, trusted events and trusted positives (at least one event). */
    static CleanRates fit(double[] observed, long[] trustedEvents, long[] trustedPositives, int items) {
        double events = 0, observedSum = 0, positives = 0;
        for (int i = 0; i < items; i++) {
            events += trustedEvents[i];
            observedSum += trustedEvents[i] * observed[i];
            positives += trustedPositives[i];
        }
        if (events == 0) {
            return NONE;
        }
        double observedMean = observedSum / events;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < items; i++) {
            double dx = observed[i] - observedMean;
            sxx += trustedEvents[i] * dx * dx;
            sxy += dx * trustedPositives[i];
        }
        double identityShare = IDENTITY_EVENTS / (events + IDENTITY_EVENTS);
        double fitted = sxx > 0 ? sxy / sxx : 1;
        CleanRates line = new CleanRates(observedMean, (1 - identityShare) * positives / events + identityShare * observedMean,
                (1 - identityShare) * fitted + identityShare, 0);
        double excess = 0;
        for (int i = 0; i < items; i++) {
            double prior = line.prior(observed[i]);
            double deviation = (double) trustedPositives[i] / trustedEvents[i] - prior;
            excess += deviation * deviation - binomialVariance(prior) / trustedEvents[i];
        }
        return new CleanRates(observedMean, line.mean, line.slope, Math.max(0, excess / items));
    }

    double prior(double observed) {
        return clamp(mean + slope * (observed - observedMean), observed);
    }

    double estimate(double observed, long trustedPositives, long trustedEvents) {
        double prior = prior(observed);
        if (trustedEvents == 0) {
            return prior;
        }
        double sampling = binomialVariance(prior) / trustedEvents;
        return clamp(prior + itemVariance / (itemVariance + sampling) * ((double) trustedPositives / trustedEvents - prior), observed);
    }

    private static double clamp(double rate, double observed) {
        return Math.min(observed, Math.max(0, rate));
    }

    private static double binomialVariance(double rate) {
        return Math.max(MIN_BINOMIAL_VARIANCE, rate * (1 - rate));
    }
}
