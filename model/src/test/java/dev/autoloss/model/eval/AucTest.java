package dev.autoloss.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AucTest {

    @Test
    void binaryAucCountsCorrectlyOrderedPairs() {
        // pairs (positive, negative): 0.35>0.1, 0.35<0.4, 0.8>0.1, 0.8>0.4 -> 3 of 4
        assertEquals(0.75, Auc.binary(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new float[] {0, 0, 1, 1}), 1e-12);
    }

    @Test
    void tiedScoresCountHalfAPair() {
        // pairs: 0.5>0.1 (1), 0.5=0.5 (1/2), 0.9>0.1 (1), 0.9>0.5 (1) -> 3.5 of 4
        assertEquals(0.875, Auc.binary(new float[] {0.1f, 0.5f, 0.5f, 0.9f}, new float[] {0, 1, 0, 1}), 1e-12);
        assertEquals(0.5, Auc.binary(new float[] {0.3f, 0.3f, 0.3f, 0.3f}, new float[] {0, 1, 0, 1}), 1e-12,
                "all scores tied must give 0.5");
    }

    @Test
    void negativeZeroTiesWithZeroAndNegativeScoresSortBelowPositiveOnes() {
        assertEquals(0.5, Auc.binary(new float[] {-0.0f, 0.0f}, new float[] {1, 0}), 1e-12);
        assertEquals(1.0, Auc.binary(new float[] {-2f, -1f, 3f}, new float[] {0, 1, 1}), 1e-12);
        assertEquals(1.0, Auc.binary(new float[] {-1f, -2f}, new float[] {1, 0}), 1e-12,
                "-1 must rank above -2");
    }

    @Test
    void aucOfASetWithOnlyOneClassIsNaN() {
        assertTrue(Double.isNaN(Auc.binary(new float[] {0.2f, 0.7f}, new float[] {1, 1})), "no negatives must give NaN");
        assertTrue(Double.isNaN(Auc.binary(new float[] {0.2f, 0.7f}, new float[] {0, 0})), "no positives must give NaN");
        assertTrue(Double.isNaN(Auc.binary(new float[0], new float[0])), "no examples must give NaN");
    }

    @Test
    void rankAucAgreesWithCountingEveryPairOnRandomScoresWithTies() {
        Random random = new Random(7);
        int n = 500;
        float[] scores = new float[n];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(3) == 0 ? 1 : 0;
            scores[i] = Math.round((random.nextFloat() + 0.3f * labels[i]) * 20) / 20f; // few distinct values: many ties
        }
        double wins = 0;
        long pairs = 0;
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                if (labels[p] == 1 && labels[q] == 0) {
                    pairs++;
                    wins += scores[p] > scores[q] ? 1 : scores[p] == scores[q] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, Auc.binary(scores, labels), 1e-12);
    }

    @Test
    void macroOneVsRestAveragesEachClassAgainstTheRest() {
        float[] probabilities = {
            0.7f, 0.2f, 0.1f,
            0.2f, 0.5f, 0.3f,
            0.1f, 0.3f, 0.6f,
            0.3f, 0.4f, 0.3f};
        float[] labels = {0, 1, 2, 2};
        // class 0: 1.0; class 1: 1.0; class 2: positives 0.6, 0.3 vs negatives 0.1, 0.3 -> 3.5 / 4
        assertEquals((1 + 1 + 0.875) / 3, Auc.macroOneVsRest(probabilities, 3, labels), 1e-12);
    }

    @Test
    void macroAucSkipsClassesAbsentFromTheLabels() {
        float[] probabilities = {
            0.7f, 0.2f, 0.1f,
            0.2f, 0.5f, 0.3f,
            0.6f, 0.3f, 0.1f};
        float[] labels = {0, 1, 0}; // class 2 never occurs: its one-vs-rest AUC is undefined
        // class 0: positives 0.7, 0.6 vs negative 0.2 -> 1; class 1: positive 0.5 vs 0.2, 0.3 -> 1
        assertEquals(1.0, Auc.macroOneVsRest(probabilities, 3, labels), 1e-12);
        assertTrue(Double.isNaN(Auc.macroOneVsRest(new float[] {0.5f, 0.5f}, 2, new float[] {1})),
                "one example leaves every class undefined");
    }

    @Test
    void badLabelsAndScoresAreNamed() {
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> Auc.binary(new float[] {0.1f, 0.2f}, new float[] {0, 2}));
        assertEquals("example 1: binary label must be 0 or 1, got 2.0", label.getMessage());
        IllegalArgumentException cls = assertThrows(IllegalArgumentException.class,
                () -> Auc.macroOneVsRest(new float[] {0.5f, 0.5f}, 2, new float[] {1.5f}));
        assertEquals("example 0: class label must be a whole number in [0, 2), got 1.5", cls.getMessage());
        IllegalArgumentException score = assertThrows(IllegalArgumentException.class,
                () -> Auc.binary(new float[] {Float.NaN, 0.2f}, new float[] {0, 1}));
        assertEquals("example 0: score is NaN", score.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Auc.macroOneVsRest(new float[] {0.5f, 0.5f, 0.5f}, 2, new float[] {1, 0}));
        assertEquals("predictions hold 3 values but 2 labels x 2 outputs = 4 were expected", shape.getMessage());
    }
}
