package dev.autoloss.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.drs.Net;
import dev.autoloss.model.drs.OutputHead;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.testing.FiniteDifferences;
import dev.autoloss.model.testing.Float64Session;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;

class CandidateLossTest {

    private static final double S = 0.05;

    /** Per-example values of {@code loss} on the given predictions ([B, outputs]) and labels. */
    private static double[] evaluate(CandidateLoss loss, Task task, int classes, double[][] predictions, double[] labels) {
        try (Float64Session session = new Float64Session()) {
            Net<TFloat64> net = new Net<>(session.graph(), TFloat64.class, 0);
            Ops tf = net.tf();
            LossInputs<TFloat64> in = LossInputs.of(net, task, classes, tf.constant(predictions), tf.constant(labels));
            Operand<TFloat64> values = loss.perExample(in);
            session.start();
            return session.values(values);
        }
    }

    @Test
    void binaryLossesFollowTheFormulasOfTheSpec() {
        double[] p = {0.8, 0.8, 0.3, 0.3, 1.0};
        double[] y = {1, 0, 1, 0, 0};
        double[][] predictions = {{p[0]}, {p[1]}, {p[2]}, {p[3]}, {p[4]}};
        for (int b = 0; b < p.length; b++) {
            double q = Math.min(Math.max(p[b], 1e-7), 1 - 1e-7);
            double pt = y[b] == 1 ? q : 1 - q;
            double alpha = y[b] == 1 ? 0.25 : 0.75;
            double ys = y[b] * (1 - S) + S / 2;
            double[] expected = {
                -(y[b] * Math.log(q) + (1 - y[b]) * Math.log(1 - q)),
                -alpha * (1 - pt) * (1 - pt) * Math.log(pt),
                ys * Math.log(ys / q) + (1 - ys) * Math.log((1 - ys) / (1 - q)),
                Math.max(0, 1 - (2 * y[b] - 1) * (2 * q - 1)),
            };
            CandidateLoss[] losses = {CandidateLoss.CE, CandidateLoss.FOCAL, CandidateLoss.KL, CandidateLoss.HINGE};
            for (int i = 0; i < losses.length; i++) {
                double actual = evaluate(losses[i], Task.BINARY, 1, predictions, y)[b];
                assertEquals(expected[i], actual, 1e-9 * Math.max(1, Math.abs(expected[i])),
                        losses[i].cliName() + " of p=" + p[b] + ", y=" + y[b]);
            }
        }
    }

    @Test
    void multiclassLossesFollowTheFormulasOfTheSpec() {
        double[][] probabilities = {{0.2, 0.5, 0.3}, {0.7, 0.1, 0.2}, {0.05, 0.05, 0.9}};
        double[] labels = {1, 2, 2};
        int k = 3;
        for (int b = 0; b < labels.length; b++) {
            int t = (int) labels[b];
            double[] p = probabilities[b];
            double bestOther = 0;
            double kl = 0;
            for (int j = 0; j < k; j++) {
                if (j != t) {
                    bestOther = Math.max(bestOther, p[j]);
                }
                double ys = (j == t ? 1 - S : 0) + S / k;
                kl += ys * Math.log(ys / p[j]);
            }
            double[] expected = {-Math.log(p[t]), -(1 - p[t]) * (1 - p[t]) * Math.log(p[t]), kl, Math.max(0, 1 + bestOther - p[t])};
            CandidateLoss[] losses = {CandidateLoss.CE, CandidateLoss.FOCAL, CandidateLoss.KL, CandidateLoss.HINGE};
            for (int i = 0; i < losses.length; i++) {
                double actual = evaluate(losses[i], Task.MULTICLASS, k, probabilities, labels)[b];
                assertEquals(expected[i], actual, 1e-9, losses[i].cliName() + " of example " + b);
            }
        }
    }

    @Test
    void regressionLossesFollowTheFormulasOfTheSpec() {
        double[][] predictions = {{3.5}, {1.0}, {4.0}, {2.2}};
        double[] labels = {3.0, 3.0, 4.0, 3.0};
        DoubleBinaryOperator huber = (pred, y) -> Math.abs(pred - y) <= 1 ? 0.5 * (pred - y) * (pred - y) : Math.abs(pred - y) - 0.5;
        for (int b = 0; b < labels.length; b++) {
            double r = predictions[b][0] - labels[b];
            assertEquals(r * r, evaluate(CandidateLoss.MSE, Task.REGRESSION, 1, predictions, labels)[b], 1e-12, "mse of example " + b);
            assertEquals(Math.abs(r), evaluate(CandidateLoss.MAE, Task.REGRESSION, 1, predictions, labels)[b], 1e-12, "mae of example " + b);
            assertEquals(huber.applyAsDouble(predictions[b][0], labels[b]), evaluate(CandidateLoss.HUBER, Task.REGRESSION, 1, predictions, labels)[b], 1e-12, "huber of example " + b);
        }
    }

    static List<Arguments> lossesByTask() {
        return List.of(
                Arguments.of(Task.BINARY, 1, CandidateLoss.CE), Arguments.of(Task.BINARY, 1, CandidateLoss.FOCAL),
                Arguments.of(Task.BINARY, 1, CandidateLoss.KL), Arguments.of(Task.BINARY, 1, CandidateLoss.HINGE),
                Arguments.of(Task.MULTICLASS, 4, CandidateLoss.CE), Arguments.of(Task.MULTICLASS, 4, CandidateLoss.FOCAL),
                Arguments.of(Task.MULTICLASS, 4, CandidateLoss.KL), Arguments.of(Task.MULTICLASS, 4, CandidateLoss.HINGE),
                Arguments.of(Task.REGRESSION, 1, CandidateLoss.MSE), Arguments.of(Task.REGRESSION, 1, CandidateLoss.MAE),
                Arguments.of(Task.REGRESSION, 1, CandidateLoss.HUBER));
    }

    @ParameterizedTest(name = "{2} on {0}")
    @MethodSource("lossesByTask")
    void gradientWithRespectToLogitsMatchesFiniteDifferences(Task task, int classes, CandidateLoss loss) {
        int batch = 5;
        int outputs = OutputHead.outputs(task, classes);
        double[] logits = new double[batch * outputs];
        double[] labels = new double[batch];
        java.util.SplittableRandom random = new java.util.SplittableRandom(task.ordinal() * 31L + loss.ordinal());
        for (int i = 0; i < logits.length; i++) {
            logits[i] = random.nextDouble(-2.5, 2.5);
        }
        for (int b = 0; b < batch; b++) {
            labels[b] = switch (task) {
                case BINARY -> b % 2;
                case MULTICLASS -> b % classes;
                case REGRESSION -> random.nextDouble(-2, 2);
            };
        }
        try (Float64Session session = new Float64Session()) {
            Net<TFloat64> net = new Net<>(session.graph(), TFloat64.class, 0);
            Ops tf = net.tf();
            Placeholder<TFloat64> input = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(batch, outputs)));
            Operand<TFloat64> predictions = OutputHead.predictions(net, task, input);
            LossInputs<TFloat64> in = LossInputs.of(net, task, classes, predictions, tf.constant(labels));
            Operand<TFloat64> total = tf.reduceSum(loss.perExample(in), tf.constant(0));
            Operand<?> gradient = tf.gradients(total, List.of(input)).dy(0);
            session.start();
            session.feedAlways(input, logits);
            double[] analytic = session.values(gradient);
            double[] numeric = FiniteDifferences.gradient(logits, 1e-6, x -> {
                session.feedAlways(input, x);
                return session.scalar(total);
            });
            FiniteDifferences.assertAgree(loss.cliName() + " on " + task.cliName(), analytic, numeric, 1e-6, 1e-3, 1e-10);
        }
    }

    @ParameterizedTest
    @EnumSource(Task.class)
    void defaultCandidatesApplyToTheirTask(Task task) {
        CandidateSet set = new CandidateSet(task, CandidateLoss.defaults(task));
        assertTrue(set.losses().stream().allMatch(l -> l.supports(task)));
        if (task != Task.REGRESSION) {
            assertEquals(List.of("focal", "kl", "hinge", "ce"), set.names(), "the paper's four, in its order");
        }
    }

    @Test
    void aCandidateSetRejectsLossesOfAnotherTaskAndRepeats() {
        IllegalArgumentException wrongTask = assertThrows(IllegalArgumentException.class,
                () -> new CandidateSet(Task.BINARY, List.of(CandidateLoss.CE, CandidateLoss.MSE)));
        assertTrue(wrongTask.getMessage().contains("mse"), wrongTask.getMessage());
        IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class,
                () -> new CandidateSet(Task.BINARY, List.of(CandidateLoss.CE, CandidateLoss.CE)));
        assertTrue(repeated.getMessage().contains("twice"), repeated.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> CandidateLoss.byName("cross-entropy"));
        assertTrue(unknown.getMessage().contains("valid losses: ce, focal"), unknown.getMessage());
    }
}
