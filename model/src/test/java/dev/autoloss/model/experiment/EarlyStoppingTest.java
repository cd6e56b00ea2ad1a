package dev.autoloss.model.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutANewBestAndRemembersTheBestEpoch() {
        EarlyStopping stopping = new EarlyStopping(2);
        List<Integer> kept = new ArrayList<>();
        double[] validationAuc = {0.70, 0.72, 0.71, 0.73, 0.73, 0.72, 0.99};
        for (double auc : validationAuc) {
            if (stopping.shouldStop()) {
                break;
            }
            if (stopping.record(auc)) {
                kept.add(stopping.epochs());
            }
        }
        assertEquals(List.of(1, 2, 4), kept, "the model must be kept at each new best, and a tie is not one");
        assertEquals(6, stopping.epochs(), "two epochs after the best (epoch 4) must end training");
        assertEquals(4, stopping.bestEpoch());
        assertEquals(0.73, stopping.bestAuc());
    }

    @Test
    void aSingleWorseEpochDoesNotStopWithPatienceTwo() {
        EarlyStopping stopping = new EarlyStopping(2);
        stopping.record(0.7);
        stopping.record(0.6);
        assertFalse(stopping.shouldStop());
        stopping.record(0.65);
        assertTrue(stopping.shouldStop());
    }

    @Test
    void undefinedAucNeverCountsAsBest() {
        EarlyStopping stopping = new EarlyStopping(1);
        assertFalse(stopping.record(Double.NaN), "NaN must not be kept");
        assertEquals(0, stopping.bestEpoch());
        assertTrue(stopping.shouldStop());
    }
}
