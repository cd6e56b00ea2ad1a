package dev.autoloss.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.autoloss.model.drs.Init;
import dev.autoloss.model.drs.Net;
import dev.autoloss.model.drs.Param;
import dev.autoloss.model.drs.Parameters;
import dev.autoloss.model.drs.WeightValues;
import dev.autoloss.model.testing.Float64Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/**
 * Lazy Adam on a table against TensorFlow's dense ApplyAdam on an identical matrix fed the same gradients
 * (zero on rows the batch does not touch).
 */
class LazyAdamTest {

    private static final int ROWS = 8;
    private static final int WIDTH = 3;
    private static final double LR = 0.01;

    private record Step(int[] rows, double[][] gradient, boolean apply) {}

    private Net<TFloat64> net;
    private Param<TFloat64> lazyTable;
    private Param<TFloat64> denseTable;
    private Adam<TFloat64> lazyAdam;
    private Adam<TFloat64> denseAdam;

    @Test
    void lazyAdamEqualsDenseAdamOnTouchedRowsAndLeavesOtherRowsAndTheirMomentsAlone() {
        SplittableRandom random = new SplittableRandom(4);
        Step first = new Step(new int[] {1, 3, 4}, randomGradient(random, 3), true);
        Step second = new Step(new int[] {3, 1, 6}, randomGradient(random, 3), true);
        double[][] nanGradient = randomGradient(random, 2);
        nanGradient[1][2] = Double.NaN;
        Step gatedOff = new Step(new int[] {1, 6}, nanGradient, false);
        try (Float64Session session = new Float64Session()) {
            net = new Net<>(session.graph(), TFloat64.class, 2);
            Parameters<TFloat64> lazy = new Parameters<>(net, "lazy", Adam.TABLE_SLOTS);
            Parameters<TFloat64> dense = new Parameters<>(net, "dense");
            lazyTable = lazy.table("table", ROWS, WIDTH, Init.uniform(1));
            denseTable = dense.weight("table", Shape.of(ROWS, WIDTH), Init.uniform(1));
            lazyAdam = new Adam<>(lazy, LR);
            denseAdam = new Adam<>(dense, LR);
            List<Op> firstOps = build(lazy, dense, first);
            List<Op> secondOps = build(lazy, dense, second);
            List<Op> gatedOps = build(lazy, dense, gatedOff);
            session.start();
            double[] start = block(session.values(lazyTable.variable()), 0);
            session.assign(denseTable.variable(), start);

            runStep(session, firstOps, 1);
            double[] lazyStored = session.values(lazyTable.variable());
            double[] lazyAfterFirst = block(lazyStored, 0);
            double[] denseAfterFirst = session.values(denseTable.variable());
            double[] firstMoment = block(lazyStored, 1);
            double[] secondMoment = block(lazyStored, 2);
            for (int row = 0; row < ROWS; row++) {
                if (contains(first.rows(), row)) {
                    assertArrayEquals(row(denseAfterFirst, row), row(lazyAfterFirst, row), 1e-12, "touched row " + row + " after step 1");
                    assertFalse(Arrays.equals(row(start, row), row(lazyAfterFirst, row)), "touched row " + row + " should have moved");
                } else {
                    assertArrayEquals(row(start, row), row(lazyAfterFirst, row), 0, "untouched row " + row + " after step 1");
                    assertArrayEquals(new double[WIDTH], row(firstMoment, row), 0, "first moment of untouched row " + row);
                    assertArrayEquals(new double[WIDTH], row(secondMoment, row), 0, "second moment of untouched row " + row);
                }
            }

            runStep(session, secondOps, 2);
            lazyStored = session.values(lazyTable.variable());
            double[] lazyAfterSecond = block(lazyStored, 0);
            double[] denseAfterSecond = session.values(denseTable.variable());
            double[] firstMomentAfterSecond = block(lazyStored, 1);
            double[] denseFirstMoment = session.values(slot(dense, "table/adam_m"));
            for (int row : second.rows()) {
                assertArrayEquals(row(denseAfterSecond, row), row(lazyAfterSecond, row), 1e-12, "row " + row + " touched in step 2");
                assertArrayEquals(row(denseFirstMoment, row), row(firstMomentAfterSecond, row), 1e-12, "first moment of row " + row + " touched in step 2");
            }
            // row 4 was touched in step 1 only: dense Adam keeps moving it on momentum, lazy Adam leaves it and its moments
            assertArrayEquals(row(lazyAfterFirst, 4), row(lazyAfterSecond, 4), 0, "row 4, untouched in step 2");
            assertArrayEquals(row(firstMoment, 4), row(firstMomentAfterSecond, 4), 0, "first moment of row 4, untouched in step 2");
            assertFalse(Arrays.equals(row(denseAfterFirst, 4), row(denseAfterSecond, 4)), "dense Adam should move row 4 on momentum");

            runStep(session, gatedOps, 3);
            assertArrayEquals(lazyStored, session.values(lazyTable.variable()), 0, "a gated-off step with a NaN gradient must not change the table or its moments");
            assertArrayEquals(denseAfterSecond, session.values(denseTable.variable()), 0, "a gated-off step must not change dense weights");
        }
    }

    /** The ops of one step: the loss {@code sum(rows * G)} has gradient G in the touched rows and 0 elsewhere. */
    private List<Op> build(Parameters<TFloat64> lazy, Parameters<TFloat64> dense, Step step) {
        Ops tf = net.tf();
        Operand<TFloat64> gradient = tf.constant(step.gradient());
        WeightValues<TFloat64> lazyValues = WeightValues.read(lazy, tf.constant(step.rows()));
        Operand<TFloat64> lazyLoss = tf.reduceSum(tf.math.mul(lazyValues.get(lazyTable), gradient), tf.constant(new int[] {0, 1}));
        double[][] full = new double[ROWS][WIDTH];
        for (int u = 0; u < step.rows().length; u++) {
            full[step.rows()[u]] = step.gradient()[u];
        }
        WeightValues<TFloat64> denseValues = WeightValues.read(dense, null);
        Operand<TFloat64> denseLoss = tf.reduceSum(tf.math.mul(denseValues.get(denseTable), tf.constant(full)), tf.constant(new int[] {0, 1}));
        List<Op> ops = new ArrayList<>();
        ops.addAll(lazyAdam.step(lazyValues, lazyValues.gradientsOf(lazyLoss), tf.constant(step.rows()), tf.constant(step.apply()), 0, tf));
        ops.addAll(denseAdam.step(denseValues, denseValues.gradientsOf(denseLoss), null, tf.constant(step.apply()), 0, tf));
        return ops;
    }

    private void runStep(Float64Session session, List<Op> ops, int t) {
        for (Adam<TFloat64> adam : List.of(lazyAdam, denseAdam)) {
            session.feedAlways(adam.beta1Power(), new double[] {Adam.power(Adam.BETA1, t)});
            session.feedAlways(adam.beta2Power(), new double[] {Adam.power(Adam.BETA2, t)});
        }
        session.run(ops);
    }

    private static org.tensorflow.op.core.Variable<TFloat64> slot(Parameters<TFloat64> params, String name) {
        return params.all().stream().filter(p -> p.name().equals(params.prefix() + "/" + name)).findFirst().orElseThrow().variable();
    }

    /** Block {@code k} (0 weights, 1 first moment, 2 second moment) of every row of a lazily updated table. */
    private static double[] block(double[] stored, int k) {
        if (stored.length == ROWS * WIDTH) {
            return stored;
        }
        double[] out = new double[ROWS * WIDTH];
        for (int row = 0; row < ROWS; row++) {
            System.arraycopy(stored, row * 3 * WIDTH + k * WIDTH, out, row * WIDTH, WIDTH);
        }
        return out;
    }

    private static double[][] randomGradient(SplittableRandom random, int rows) {
        double[][] g = new double[rows][WIDTH];
        for (double[] row : g) {
            for (int c = 0; c < WIDTH; c++) {
                row[c] = random.nextDouble(-1, 1);
            }
        }
        return g;
    }

    private static double[] row(double[] table, int row) {
        return Arrays.copyOfRange(table, row * WIDTH, (row + 1) * WIDTH);
    }

    private static boolean contains(int[] rows, int row) {
        return Arrays.stream(rows).anyMatch(r -> r == row);
    }
}
