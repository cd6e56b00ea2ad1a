package dev.autoloss.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autoloss.model.features.Example;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The running counts per item (autoloss-item, item-trust): what a batch's examples are given, and when labels are counted. */
class ItemStatisticsTest {

    private static final double PRIOR = ItemStatistics.PRIOR_EVENTS;

    @Test
    void aTrainingBatchsInputsComeFromTheCountsBeforeItsOwnLabels() {
        ItemStatistics items = new ItemStatistics(1);
        List<Example> batch = List.of(event("a", 7, 1), event("b", 7, 1), event("c", 9, 0));
        float[] first = items.inputsThenCount(batch);
        float[] nothingYet = {0.5f, 0.5f, 0f, 0f, 0f, 1f};
        for (int b = 0; b < batch.size(); b++) {
            assertArrayEquals(nothingYet, row(first, b), 1e-7f, "example " + b + " must not see its own label, nor its batch's");
        }
        // afterwards: item 7 has 2 events, 2 positives; the global rate is (2 + 1) / (3 + 2)
        double global = 3.0 / 5;
        double observed = (2 + PRIOR * global) / (2 + PRIOR);
        double trusted = (0 + PRIOR * global) / (0 + PRIOR); // no trusted event yet: the trusted rate leans on the observed one
        assertArrayEquals(new float[] {(float) observed, (float) trusted, (float) (observed - trusted), (float) (Math.log1p(2) / 10), 0f, 1f},
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
        double share = Math.min(1, (1 + PRIOR * observed * trustedGlobal / observedGlobal) / ((4 + PRIOR) * observed));
        assertArrayEquals(new float[] {(float) observed, (float) trusted, (float) (observed - trusted), (float) (Math.log1p(4) / 10),
                        (float) (Math.log1p(4) / 10), (float) share},
                row(items.inputs(List.of(event("x", 7, 1))), 0), 1e-6f, "4 trusted events, v2 and v3 once each");
        float[] other = row(items.inputs(List.of(event("y", 9, 1))), 0);
        assertEquals((float) observedGlobal, other[0], 1e-6f, "an unseen item has the global rates");
        assertEquals((float) trustedGlobal, other[1], 1e-6f);
    }

    @Test
    void theTrustedShareIsTheItemsTrustedOverObservedRateAndTheStreamsWhereTrustedLabelsAreFew() {
        ItemStatistics items = new ItemStatistics(1);
        List<Example> training = new java.util.ArrayList<>();
        List<Example> trusted = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            training.add(event("n7-" + i, 7, i % 5 < 2 ? 1 : 0)); // observed 40%
            training.add(event("n9-" + i, 9, i % 5 < 1 ? 1 : 0)); // observed 20%
            if (i < 200) {
                trusted.add(event("v7-" + i, 7, i % 5 < 1 ? 1 : 0)); // trusted 20%: half of item 7's clicks are real
                trusted.add(event("v9-" + i, 9, i % 5 < 1 ? 1 : 0));
            }
        }
        items.inputsThenCount(training);
        items.countTrusted(trusted);
        float[] inputs = items.inputs(List.of(event("a", 7, 1), event("b", 9, 1), event("c", 11, 1)));
        double observedGlobal = (600 + 1.0) / (2000 + 2);
        double stream = (80 + PRIOR * observedGlobal) / (400 + PRIOR) / observedGlobal; // the stream's trusted over observed rate, about 2/3
        double observed7 = (400 + PRIOR * observedGlobal) / (1000 + PRIOR);
        double observed9 = (200 + PRIOR * observedGlobal) / (1000 + PRIOR);
        assertEquals((40 + PRIOR * observed7 * stream) / ((200 + PRIOR) * observed7), row(inputs, 0)[ItemStatistics.TRUSTED_SHARE], 1e-5,
                "item 7: 20% trusted against 40% observed, about one half");
        assertEquals((40 + PRIOR * observed9 * stream) / ((200 + PRIOR) * observed9), row(inputs, 1)[ItemStatistics.TRUSTED_SHARE], 1e-5,
                "item 9: as many real clicks as observed, nearly 1 (the prior, 20 events at the stream's share, pulls a little)");
        assertEquals(stream, row(inputs, 2)[ItemStatistics.TRUSTED_SHARE], 1e-5, "an unseen item: the stream's share");
    }

    private static Example event(String id, long item, float label) {
        return new Example(id, -1, label, new long[] {3, item});
    }

    private static float[] row(float[] inputs, int b) {
        return Arrays.copyOfRange(inputs, b * ItemStatistics.INPUTS, (b + 1) * ItemStatistics.INPUTS);
    }
}
