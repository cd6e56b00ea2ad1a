package dev.autoloss.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogLossTest {

    @Test
    void binaryLogLossIsTheMeanNegativeLogLikelihood() {
        // -(ln 0.9 + ln 0.8 + ln 0.4) / 3
        assertEquals(0.414931599615397,
                LogLoss.binary(new float[] {0.9f, 0.2f, 0.6f}, new float[] {1, 0, 0}), 1e-7);
    }

    @Test
    void multiclassLogLossUsesTheTrueClassProbability() {
        float[] probabilities = {
            0.7f, 0.2f, 0.1f,
            0.2f, 0.5f, 0.3f,
            0.1f, 0.3f, 0.6f,
            0.3f, 0.4f, 0.3f};
        // -(ln 0.7 + ln 0.5 + ln 0.6 + ln 0.3) / 4
        assertEquals(0.6911551381476512, LogLoss.multiclass(probabilities, 3, new float[] {0, 1, 2, 2}), 1e-7);
    }

    @Test
    void certainMistakesAreClampedToAFiniteLoss() {
        assertEquals(-Math.log(1e-7), LogLoss.binary(new float[] {1f}, new float[] {0}), 1e-9,
                "p = 1 for a negative must cost -ln(1e-7)");
        assertEquals(-Math.log(1e-7), LogLoss.multiclass(new float[] {1f, 0f}, 2, new float[] {1}), 1e-9);
        assertEquals(-Math.log(1 - 1e-7), LogLoss.binary(new float[] {0f}, new float[] {0}), 1e-12,
                "a certain correct answer still pays the clamp");
    }

    @Test
    void noExamplesGiveNaNAndBadInputIsNamed() {
        assertTrue(Double.isNaN(LogLoss.binary(new float[0], new float[0])));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> LogLoss.binary(new float[] {0.5f, Float.NaN}, new float[] {0, 1}));
        assertEquals("example 1: probability is NaN", nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LogLoss.multiclass(new float[] {0.5f, 0.5f}, 2, new float[] {2}));
    }
}
