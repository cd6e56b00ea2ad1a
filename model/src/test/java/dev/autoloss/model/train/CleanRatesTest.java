package dev.autoloss.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Items' clean rates from observed rates and trusted labels: the fitted line, and how far an item's own labels move it. */
class CleanRatesTest {

    @Test
    void withoutTrustedLabelsTheCleanRateIsTheObservedOne() {
        CleanRates none = CleanRates.fit(new double[0], new long[0], new long[0], 0);
        assertEquals(0.3, none.estimate(0.3, 0, 0), 1e-12);
        assertEquals(0.3, CleanRates.NONE.estimate(0.3, 0, 0), 1e-12);
    }

    @Test
    void uniformNoiseIsALineAndLeavesNoItemToItsOwnLabels() {
        double q = 0.1; // every item: a tenth of its clean negatives observed as clicks
        int items = 40;
        double[] observed = new double[items];
        long[] events = new long[items];
        long[] positives = new long[items];
        for (int i = 0; i < items; i++) {
            double clean = 0.1 + 0.01 * i;
            observed[i] = clean + (1 - clean) * q;
            events[i] = 1000;
            positives[i] = Math.round(clean * 1000);
        }
        CleanRates rates = CleanRates.fit(observed, events, positives, items);
        assertEquals(1 / (1 - q), rates.slope(), 0.01);
        assertEquals((0.3 - q) / (1 - q), rates.prior(0.3), 0.005);
        assertEquals(0, rates.itemVariance(), 1e-12, "the labels' deviations from the line are below their sampling noise");
        assertEquals(rates.prior(0.5), rates.estimate(0.5, 10, 10), 1e-12, "10 clicks in 10 trusted events move nothing");
        assertEquals(0.444, rates.prior(0.5), 0.005);
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
        CleanRates rates = CleanRates.fit(observed, events, positives, items);
        assertEquals(0.3, rates.prior(0.4), 0.001, "the line: the items' mean");
        assertEquals(0.01, rates.itemVariance(), 0.001, "items 0.1 either side of it");
        assertEquals(0.2, rates.estimate(0.4, 200, 1000), 0.005, "1000 trusted events: the item's own rate");
        double few = rates.estimate(0.4, 1, 5);
        assertTrue(few > 0.2 && few < 0.3, "5 trusted events: between its labels and the line: " + few);
        assertEquals(0.4, rates.estimate(0.4, 5, 5), 1e-12, "never above the observed rate");
    }

    @Test
    void noiseThatFollowsTheObservedRateIsTheLinesToo() {
        int items = 40;
        double[] observed = new double[items];
        long[] events = new long[items];
        long[] positives = new long[items];
        for (int i = 0; i < items; i++) {
            observed[i] = i % 2 == 0 ? 0.4 : 0.2; // the items observed at 0.4: half their clicks false
            events[i] = 1000;
            positives[i] = 200;
        }
        CleanRates rates = CleanRates.fit(observed, events, positives, items);
        assertEquals(0.2, rates.prior(0.4), 0.002);
        assertEquals(0.2, rates.prior(0.2), 0.002);
        assertEquals(0, rates.itemVariance(), 1e-12);
    }
}
