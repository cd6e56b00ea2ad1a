package dev.autoloss.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CalibrationErrorTest {

    @Test
    void eachBinAddsItsShareOfExamplesTimesTheGapBetweenMeanPredictionAndPositiveRate() {
        // bin [0.1, 0.2): p 0.1, 0.1, 0.1, 0.1 against 1 positive in 4: gap 0.15; bin [0.8, 0.9): 0.8, 0.8 against 2 of 2: gap 0.2
        float[] p = {0.1f, 0.1f, 0.1f, 0.1f, 0.8f, 0.8f};
        float[] y = {1, 0, 0, 0, 1, 1};
        assertEquals(4.0 / 6 * 0.15 + 2.0 / 6 * 0.2, CalibrationError.expected(p, y), 1e-6);
    }

    @Test
    void aCalibratedModelHasNoErrorWhateverItsRanking() {
        float[] p = {0.25f, 0.25f, 0.25f, 0.25f, 1f};
        float[] y = {0, 1, 0, 0, 1};
        assertEquals(0, CalibrationError.expected(p, y), 1e-9, "p = 1 falls in the last bin");
        assertTrue(Double.isNaN(CalibrationError.expected(new float[0], new float[0])));
    }

    @Test
    void aProbabilityOutsideZeroToOneIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CalibrationError.expected(new float[] {0.5f, Float.NaN}, new float[] {0, 1}));
        assertEquals("example 1: probability must be in [0, 1], got NaN", e.getMessage());
    }
}
