package dev.autoloss.model.drs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.Task;
import dev.autoloss.model.loss.CandidateLoss;
import dev.autoloss.model.loss.LossInputs;
import dev.autoloss.model.testing.FiniteDifferences;
import dev.autoloss.model.testing.Float64Session;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/**
 * Every parameter's gradient, as the trainer computes it (tables through the batch's gathered rows), against
 * central differences of the loss in that parameter, in float64, on a tiny model in training mode (dropout
 * with a fixed seed, BatchNorm on batch statistics).
 */
class ModelGradientTest {

    private static final int FIELDS = 3;
    private static final int ROWS = 8;
    private static final int DIM = 3;
    private static final int MAX_CHECKED = 32;
    /** the batch reads these table rows, in this order; rows 2 and 4 are never read */
    private static final int[] UNIQUE_ROWS = {6, 1, 3, 0, 7, 5};
    private static final int[][] INDEX = {{0, 1, 2}, {3, 1, 4}, {2, 2, 0}, {4, 3, 1}, {5, 0, 3}, {1, 5, 2}, {0, 4, 5}};

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DEEPFM, BINARY, 1", "DEEPFM, MULTICLASS, 3", "DEEPFM, REGRESSION, 1", "IPNN, BINARY, 1", "IPNN, MULTICLASS, 3",
        "NFM, BINARY, 1", "AUTOINT, MULTICLASS, 3", "FM, MULTICLASS, 3", "WIDE_AND_DEEP, BINARY, 1", "DCN, MULTICLASS, 3"})
    void everyParameterGradientMatchesFiniteDifferences(ModelKind kind, Task task, int classes) {
        double[] labels = new double[INDEX.length];
        for (int b = 0; b < labels.length; b++) {
            labels[b] = task == Task.REGRESSION ? 0.3 * b - 1 : b % Math.max(2, classes);
        }
        try (Float64Session session = new Float64Session()) {
            Net<TFloat64> net = new Net<>(session.graph(), TFloat64.class, 11);
            Ops tf = net.tf();
            Parameters<TFloat64> params = new Parameters<>(net, "drs");
            DrsModel<TFloat64> model = kind.build(params, new ModelShape(FIELDS, ROWS, DIM, List.of(5, 4), 0.2, OutputHead.outputs(task, classes)));
            WeightValues<TFloat64> weights = WeightValues.read(params, tf.constant(UNIQUE_ROWS));
            Operand<TFloat64> predictions = OutputHead.predictions(net, task, model.logits(Pass.training(weights), tf.constant(INDEX)));
            LossInputs<TFloat64> in = LossInputs.of(net, task, classes, predictions, tf.constant(labels));
            Operand<TFloat64> loss = tf.math.mean(CandidateLoss.validation(task).perExample(in), tf.constant(0));
            WeightValues<TFloat64> gradients = weights.gradientsOf(loss);
            session.feedAlways(net.runSeed(), 5, 9);
            session.start();
            randomize(session, params);

            double largest = 0;
            for (Param<TFloat64> param : params.trainable()) {
                double[] start = session.values(param.variable());
                double[] analytic = session.values(gradients.get(param));
                if (param.role() == Param.Role.TABLE) {
                    analytic = scatterToTable(analytic, (int) param.shape().get(1));
                }
                int[] checked = sample(start.length, param.name().hashCode());
                double[] numeric = FiniteDifferences.gradient(start, checked, 1e-6, x -> {
                    session.assign(param.variable(), x);
                    return session.scalar(loss);
                });
                session.assign(param.variable(), start);
                FiniteDifferences.assertAgree(kind.cliName() + " " + task.cliName() + " " + param.name(), pick(analytic, checked), numeric, 1e-4, 1e-3, 1e-8);
                for (double a : analytic) {
                    largest = Math.max(largest, Math.abs(a));
                }
            }
            assertTrue(largest > 1e-3, "the loss barely depends on the parameters (largest gradient " + largest + "): the check proves little");
        }
    }

    /** Every element of a small parameter, a fixed random sample of a large one (attention matrices), to keep the check fast. */
    private static int[] sample(int size, long seed) {
        if (size <= MAX_CHECKED) {
            return java.util.stream.IntStream.range(0, size).toArray();
        }
        return new SplittableRandom(seed).ints(0, size).distinct().limit(MAX_CHECKED).sorted().toArray();
    }

    private static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /** The gradient of the gathered rows, placed at their table rows (zero for rows the batch does not read). */
    private static double[] scatterToTable(double[] rowGradients, int width) {
        double[] table = new double[ROWS * width];
        for (int u = 0; u < UNIQUE_ROWS.length; u++) {
            System.arraycopy(rowGradients, u * width, table, UNIQUE_ROWS[u] * width, width);
        }
        return table;
    }

    /** Moves every parameter off its start (zeros, ones) so no gradient vanishes by symmetry. */
    private static void randomize(Float64Session session, Parameters<TFloat64> params) {
        SplittableRandom random = new SplittableRandom(3);
        for (Param<TFloat64> param : params.trainable()) {
            double[] values = session.values(param.variable());
            for (int i = 0; i < values.length; i++) {
                values[i] += random.nextDouble(-0.5, 0.5);
            }
            session.assign(param.variable(), values);
        }
    }
}
