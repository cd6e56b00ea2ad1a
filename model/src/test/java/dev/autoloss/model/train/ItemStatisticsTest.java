package dev.autoloss.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.Example;
import java.util.ArrayList;
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
        float[] nothingYet = {0.5f, 0.5f, 0f, 0f, 0f, 0f};
        for (int b = 0; b < batch.size(); b++) {
            assertArrayEquals(nothingYet, row(first, b), 1e-7f, "example " + b + " must not see its own label, nor its batch's");
        }
        // afterwards: item 7 has 2 events, 2 positives; the global rate is (2 + 1) / (3 + 2)
        double global = 3.0 / 5;
        double observed = (2 + PRIOR * global) / (2 + PRIOR);
        // no trusted label yet: the clean rate is the observed one, no false clicks
        assertArrayEquals(new float[] {(float) observed, (float) observed, 0f, (float) (Math.log1p(2) / 10), 0f, 0f},
                row(items.inputs(List.of(event("d", 7, 0))), 0), 1e-6f);
    }

    @Test
    void anOverlappingValidationBatchCountsItsNewEventsOnly() {
        ItemStatistics items = new ItemStatistics(1);
        items.inputsThenCount(List.of(event("t1", 7, 1), event("t2", 7, 1), event("t3", 7, 1), event("t4", 7, 0)));
        items.countTrusted(List.of(event("v1", 7, 0), event("v2", 7, 0), event("v3", 7, 1)));
        items.countTrusted(List.of(event("v2", 7, 0), event("v3", 7, 1), event("v4", 7, 0))); // a buffer's newest events, again
        float[] inputs = row(items.inputs(List.of(event("x", 7, 1))), 0);
        assertEquals((float) (Math.log1p(4) / 10), inputs[4], 1e-6f, "4 trusted events, v2 and v3 once each");
        assertTrue(inputs[1] < inputs[0], "1 trusted click in 4 against 3 observed in 4: " + Arrays.toString(inputs));
        assertEquals(inputs[0] - inputs[1], inputs[2], 1e-6f);
        assertEquals((inputs[0] - inputs[1]) / (1 - inputs[1]), inputs[ItemStatistics.FALSE_CLICK_RATE], 1e-6f);
    }

    @Test
    void theFalseClickRateFindsTheItemsWhoseTrustedLabelsHaveFewerClicks() {
        ItemStatistics items = new ItemStatistics(1);
        List<Example> training = new ArrayList<>();
        List<Example> trusted = new ArrayList<>();
        for (int item = 0; item < 40; item++) {
            boolean noisy = item % 4 == 0;
            for (int i = 0; i < 1000; i++) {
                training.add(event("t" + item + "-" + i, item, i % 5 < (noisy ? 2 : 1) ? 1 : 0)); // observed 40% or 20%
                if (i < 100) {
                    trusted.add(event("v" + item + "-" + i, item, i % 5 < 1 ? 1 : 0)); // clean 20%
                }
            }
        }
        items.inputsThenCount(training);
        items.countTrusted(trusted);
        for (int item = 0; item < 40; item++) {
            float f = row(items.inputs(List.of(event("x", item, 1))), 0)[ItemStatistics.FALSE_CLICK_RATE];
            if (item % 4 == 0) {
                // 20% clean, 40% observed: a quarter of its negatives clicked; 100 trusted labels pull it most of the way
                assertTrue(f > 0.15 && f <= 0.25, "a noisy item: " + f);
            } else {
                assertEquals(0, f, 0.02, "item " + item + ": its trusted labels agree with its observed ones");
            }
        }
    }

    private static Example event(String id, long item, float label) {
        return new Example(id, -1, label, new long[] {3, item});
    }

    private static float[] row(float[] inputs, int b) {
        return Arrays.copyOfRange(inputs, b * ItemStatistics.INPUTS, (b + 1) * ItemStatistics.INPUTS);
    }
}
