package dev.autoloss.model.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autoloss.model.drs.Net;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.loss.LossInputs;
import dev.autoloss.model.testing.Float64Session;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/** The per-example weights of the literature's fixes for noisy and delayed labels, on a tiny batch, against their formulas. */
class ExampleWeightingTest {

    private static final double[] P = {0.9, 0.2, 0.6, 0.05, 0.7, 0.3, 0.999, 0.5};
    private static final double[] Y = {1, 1, 1, 1, 0, 0, 0, 1};

    @Test
    void rceWeightsAPositiveByItsPredictionToAPowerAndANegativeBy1() {
        double beta = 0.25;
        double[] w = weights(net -> new ReweightedPositives<>(beta, 1));
        for (int b = 0; b < P.length; b++) {
            assertEquals(Y[b] == 1 ? Math.pow(P[b], beta) : 1, w[b], 1e-12, "example " + b);
        }
    }

    @Test
    void fnwWeightsPositivesByOnePlusPAndNegativesByOneMinusPTimesOnePlusP() {
        double[] w = weights(net -> new FakeNegativeWeights<>(1));
        for (int b = 0; b < P.length; b++) {
            double expected = Y[b] == 1 ? 1 + P[b] : (1 - P[b]) * (1 + P[b]);
            assertEquals(expected, w[b], 1e-12, "example " + b);
        }
    }

    @Test
    void tceDropsTheFloorOfTheRateTimesThePositivesWithTheLargestLoss() {
        // five positives; their losses -log p, largest first: p = 0.05, 0.2, 0.5, 0.6, 0.9
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, weights(net -> new TruncatedPositives<>(net.constant(0), 1)), 0);
        assertArrayEquals(new double[] {1, 1, 1, 0, 1, 1, 1, 1}, weights(net -> new TruncatedPositives<>(net.constant(0.2), 1)), 0,
                "floor(0.2 * 5) = 1: the positive with p = 0.05");
        assertArrayEquals(new double[] {1, 0, 1, 0, 1, 1, 1, 1}, weights(net -> new TruncatedPositives<>(net.constant(0.5), 1)), 0,
                "floor(0.5 * 5) = 2: p = 0.05 and 0.2; negatives are never dropped, however large their loss (p = 0.999)");
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 1, 1, 0}, weights(net -> new TruncatedPositives<>(net.constant(0.99), 1)), 0,
                "floor(0.99 * 5) = 4: all but the positive with p = 0.9");
    }

    @Test
    void aWeightIsRepeatedForEveryCandidate() {
        double[] w = weights(net -> new FakeNegativeWeights<>(3));
        assertEquals(3 * P.length, w.length);
        assertEquals(1 + P[0], w[2], 1e-12);
    }

    @Test
    void tcesDropRateRisesLinearlyToItsMaximum() {
        DropRate rate = new DropRate(0.2, 100);
        assertEquals(0, rate.at(0));
        assertEquals(0.1, rate.at(50), 1e-12);
        assertEquals(0.2, rate.at(100), 1e-12);
        assertEquals(0.2, rate.at(10_000), 1e-12);
        assertEquals(0.2, new DropRate(0.2, 0).at(0), "no ramp");
    }

    /** The {@code [B, n]} weights, row-major, of the weighting {@code build} makes, for the batch P, Y. */
    private static double[] weights(Function<Net<TFloat64>, LossWeighting<TFloat64>> build) {
        try (Float64Session session = new Float64Session()) {
            Net<TFloat64> net = new Net<>(session.graph(), TFloat64.class, 0);
            Ops tf = net.tf();
            double[][] predictions = new double[P.length][];
            for (int b = 0; b < P.length; b++) {
                predictions[b] = new double[] {P[b]};
            }
            LossInputs<TFloat64> in = LossInputs.of(net, Task.BINARY, 1, tf.constant(predictions), tf.constant(Y));
            Operand<TFloat64> w = build.apply(net).weights(null, in, net.constant(1));
            session.start();
            return session.values(w);
        }
    }
}
