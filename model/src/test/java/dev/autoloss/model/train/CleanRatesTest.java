package dev.autoloss.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Items' clean rates from observed rates and trusted labels: the stream's correction, and how far an item's own labels move it. */
class CleanRatesTest {

    @Test
    void withoutTrustedLabelsTheCleanRateIsTheObservedOne() {
        CleanRates none = CleanRates.fit(0.3, 0.3, new double[0], new long[0], new long[0], 0);
        assertEquals(0.3, none.estimate(0.3, 0, 0), 1e-12);
        assertEquals(0.1, none.estimate(0.1, 0, 0), 1e-12);
    }

    @Test
    void uniformNoiseGivesEveryItemTheStreamsCorrection() {
        double q = 0.1; // every item: a tenth of its clean negatives observed as clicks
        int items = 40;
        double[] observed = new double[items];
        long[] events = new long[items];
        long[] positives = new long[items];
        double observedSum = 0, cleanSum = 0;
        for (int i = 0; i < items; i++) {
            double clean = 0.1 + 0.01 * i;
            observed[i] = clean + (1 - clean) * q;
            events[i] = 1000;
            positives[i] = Math.round(clean * 1000);
            observedSum += observed[i];
            cleanSum += clean;
        }
        CleanRates rates = CleanRates.fit(observedSum / items, cleanSum / items, observed, events, positives, items);
        assertEquals(q, rates.falseClicks(), 1e-9);
        assertEquals(0, rates.itemVariance(), 1e-12, "the labels' deviations from the priors are below their sampling noise");
        assertEquals(0.3, rates.estimate(0.3 + 0.7 * q, 300, 1000), 1e-9);
        assertEquals(rates.prior(0.5), rates.estimate(0.5, 10, 10), 1e-12, "10 clicks in 10 trusted events move nothing");
    }

    @Test
    void itemsWhoseNoiseDiffersKeepWhatTheirTrustedLabelsShowAsFarAsThereAreEnough() {
        int items = 40;
        double[] observed = new double[items];
        long[] events = new long[items];
        long[] positives = new long[items];
        for (int i = 0; i < items; i++) {
            observed[i] = 0.4;
            events[i] = 1000;
            positives[i] = i % 2 == 0 ? 200 : 400; // half the items: half their clicks false
        }
        CleanRates rates = CleanRates.fit(0.4, 0.3, observed, events, positives, items);
        assertEquals(0.3, rates.prior(0.4), 1e-9, "the stream's false-click rate, 1/7, on every item");
        assertEquals(0.01, rates.itemVariance(), 0.001, "items 0.1 either side of it");
        assertEquals(0.2, rates.estimate(0.4, 200, 1000), 0.005, "1000 trusted events: the item's own rate");
        double few = rates.estimate(0.4, 1, 5);
        assertTrue(few > 0.2 && few < 0.3, "5 trusted events: between its labels and the prior: " + few);
        assertEquals(0.4, rates.estimate(0.4, 5, 5), 1e-12, "never above the observed rate");
    }
}
