package dev.autoloss.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlidingWindowQualityTest {

    @Test
    void windowAfterWrappingEqualsBatchMetricsOnTheLastExamples() {
        assertWindowMatchesBatch(1, 100, 37, 10);
    }

    @Test
    void multiclassWindowEqualsBatchMetricsOnTheLastExamples() {
        assertWindowMatchesBatch(5, 250, 64, 9);
    }

    @Test
    void batchLargerThanTheWindowKeepsItsTail() {
        assertWindowMatchesBatch(1, 50, 120, 2);
    }

    @Test
    void partlyFilledWindowMeasuresWhatItHasAndEmptyWindowIsNaN() {
        SlidingWindowQuality window = new SlidingWindowQuality(10, 1);
        assertTrue(Double.isNaN(window.quality().auc()) && Double.isNaN(window.quality().logLoss()),
                "an empty window has no figures");
        window.add(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new float[] {0, 0, 1, 1});
        assertEquals(4, window.size());
        assertEquals(0.75, window.quality().auc(), 1e-12);
    }

    /** Streams random batches through a window and compares with the batch metrics of the last examples. */
    private static void assertWindowMatchesBatch(int outputs, int capacity, int batch, int batches) {
        Random random = new Random(11);
        int total = batch * batches;
        float[] labels = new float[total];
        float[] predictions = new float[total * outputs];
        for (int i = 0; i < total; i++) {
            labels[i] = outputs == 1 ? random.nextInt(2) : random.nextInt(outputs);
            for (int k = 0; k < outputs; k++) {
                predictions[i * outputs + k] = Math.round(random.nextFloat() * 50) / 50f;
            }
        }
        SlidingWindowQuality window = new SlidingWindowQuality(capacity, outputs);
        for (int b = 0; b < batches; b++) {
            window.add(Arrays.copyOfRange(predictions, b * batch * outputs, (b + 1) * batch * outputs),
                    Arrays.copyOfRange(labels, b * batch, (b + 1) * batch));
        }
        int from = Math.max(0, total - capacity);
        Quality expected = Quality.measure(
                Arrays.copyOfRange(predictions, from * outputs, total * outputs),
                Arrays.copyOfRange(labels, from, total), outputs);
        assertEquals(expected, window.quality(), "the window must hold exactly the last " + capacity + " examples");
        assertEquals(Math.min(capacity, total), window.size());
    }
}
