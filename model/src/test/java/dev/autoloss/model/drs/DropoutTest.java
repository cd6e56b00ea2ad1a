package dev.autoloss.model.drs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.autoloss.model.testing.Float64Session;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

class DropoutTest {

    /** an odd number of activations: the last 32-bit draw is used for one only */
    private static final int ROWS = 501;
    private static final int COLUMNS = 101;

    @Test
    void dropoutKeepsTheRateScalesTheRestAndRepeatsForARunSeed() {
        try (Float64Session session = new Float64Session()) {
            Net<TFloat64> net = new Net<>(session.graph(), TFloat64.class, 0);
            Ops tf = net.tf();
            Dropout<TFloat64> dropout = new Dropout<>(net, 0.2);
            Parameters<TFloat64> none = new Parameters<>(net, "none");
            Operand<TFloat64> ones = tf.fill(tf.constant(new int[] {ROWS, COLUMNS}), net.constant(1));
            Operand<TFloat64> training = dropout.apply(Pass.training(WeightValues.read(none, null)), ones);
            Operand<TFloat64> deterministic = dropout.apply(Pass.deterministic(WeightValues.read(none, null)), ones);
            session.start();

            session.feedAlways(net.runSeed(), 1, 7);
            double[] first = session.values(training);
            long kept = Arrays.stream(first).filter(v -> v != 0).count();
            assertEquals(0.8, kept / (double) first.length, 0.01, "share of activations kept");
            assertEquals(1.0, Arrays.stream(first).average().orElseThrow(), 0.015, "kept activations are scaled by 1/0.8, so the mean stays");
            assertArrayEquals(first, session.values(training), 0, "the same run seed gives the same mask");
            session.feedAlways(net.runSeed(), 1, 8);
            assertFalse(Arrays.equals(first, session.values(training)), "the next step draws a new mask");
            assertEquals(ROWS * COLUMNS, Arrays.stream(session.values(deterministic)).filter(v -> v == 1).count(), "no dropout outside training passes");
        }
    }
}
