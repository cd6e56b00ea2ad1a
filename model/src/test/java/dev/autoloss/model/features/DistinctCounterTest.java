package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DistinctCounterTest {

    @Test
    void countsExactlyUpToTheLimitWhateverTheRepeats() {
        DistinctCounter counter = new DistinctCounter();
        for (int round = 0; round < 3; round++) {
            for (int v = 0; v < DistinctCounter.EXACT_UP_TO; v++) {
                counter.add(FeatureHash.hash64("f", Integer.toString(v)));
            }
        }
        assertEquals(DistinctCounter.EXACT_UP_TO, counter.count());
        assertFalse(counter.estimated());
    }

    @Test
    void estimatesLargeCountsWithinAFewPercent() {
        DistinctCounter counter = new DistinctCounter();
        int distinct = 300_000;
        for (int v = 0; v < distinct; v++) {
            counter.add(FeatureHash.hash64("f", Integer.toString(v)));
            counter.add(FeatureHash.hash64("f", Integer.toString(v / 2))); // repeats must not count
        }
        assertTrue(counter.estimated());
        assertEquals(distinct, counter.count(), distinct * 0.04, "estimate of " + distinct + " distinct keys");
    }
}
