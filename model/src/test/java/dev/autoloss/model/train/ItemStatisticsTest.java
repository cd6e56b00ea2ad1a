package dev.autoloss.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autoloss.model.features.Example;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** autoloss-item's running counts per item: what a batch's examples are given, and when labels are counted. */
class ItemStatisticsTest {

    private static final double PRIOR = ItemStatistics.PRIOR_EVENTS;

    @Test
    void aTrainingBatchsInputsComeFromTheCountsBeforeItsOwnLabels() {
        ItemStatistics items = new ItemStatistics(1);
        List<Example> batch = List.of(event("a", 7, 1), event("b", 7, 1), event("c", 9, 0));
        float[] first = items.inputsThenCount(batch);
        float[] nothingYet = {0.5f, 0.5f, 0f, 0f, 0f};
        for (int b = 0; b < batch.size(); b++) {
            assertArrayEquals(nothingYet, row(first, b), 1e-7f, "example " + b + " must not see its own label, nor its batch's");
        }
        // afterwards: item 7 has 2 events, 2 positives; the global rate is (2 + 1) / (3 + 2)
        double global = 3.0 / 5;
        double observed = (2 + PRIOR * global) / (2 + PRIOR);
        double trusted = (0 + PRIOR * global) / (0 + PRIOR); // no trusted event yet: the trusted rate leans on the observed one
        assertArrayEquals(new float[] {(float) observed, (float) trusted, (float) (observed - trusted), (float) (Math.log1p(2) / 10), 0f},
                row(items.inputs(List.of(event("d", 7, 0))), 0), 1e-6f);
    }

    @Test
    void trustedLabelsMoveTheTrustedRateOnlyAndAnOverlappingBatchCountsItsNewEventsOnly() {
        ItemStatistics items = new ItemStatistics(1);
        items.inputsThenCount(List.of(event("t1", 7, 1), event("t2", 7, 1), event("t3", 7, 1), event("t4", 7, 0)));
        items.countTrusted(List.of(event("v1", 7, 0), event("v2", 7, 0), event("v3", 7, 1)));
        items.countTrusted(List.of(event("v2", 7, 0), event("v3", 7, 1), event("v4", 7, 0))); // a buffer's newest events, again
        double observedGlobal = (3 + 1.0) / (4 + 2);
        double trustedGlobal = (1 + PRIOR * observedGlobal) / (4 + PRIOR);
        double observed = (3 + PRIOR * observedGlobal) / (4 + PRIOR);
        double trusted = (1 + PRIOR * trustedGlobal) / (4 + PRIOR);
        assertArrayEquals(new float[] {(float) observed, (float) trusted, (float) (observed - trusted), (float) (Math.log1p(4) / 10), (float) (Math.log1p(4) / 10)},
                row(items.inputs(List.of(event("x", 7, 1))), 0), 1e-6f, "4 trusted events, v2 and v3 once each");
        float[] other = row(items.inputs(List.of(event("y", 9, 1))), 0);
        assertEquals((float) observedGlobal, other[0], 1e-6f, "an unseen item has the global rates");
        assertEquals((float) trustedGlobal, other[1], 1e-6f);
    }

    private static Example event(String id, long item, float label) {
        return new Example(id, -1, label, new long[] {3, item});
    }

    private static float[] row(float[] inputs, int b) {
        return Arrays.copyOfRange(inputs, b * ItemStatistics.INPUTS, (b + 1) * ItemStatistics.INPUTS);
    }
}
