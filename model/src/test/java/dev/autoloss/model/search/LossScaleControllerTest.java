package dev.autoloss.model.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autoloss.model.drs.Net;
import dev.autoloss.model.drs.Param;
import dev.autoloss.model.drs.Parameters;
import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.drs.WeightValues;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.loss.LossInputs;
import dev.autoloss.model.testing.Float64Session;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/** autoloss-scale's and autoloss-item's weights: {@code 2 sigmoid} of the controller's output, exactly 1 at the start. */
class LossScaleControllerTest {

    private static final double[] P = {0.9, 0.2, 0.6, 0.05, 0.7, 0.3};
    private static final double[] Y = {1, 1, 0, 1, 0, 0};
    /** two context values per example, as the item statistics would be */
    private static final double[][] CONTEXT = {{0.3, 0.1}, {0.25, 0.25}, {0.6, 0.2}, {0.1, 0.0}, {0.9, 0.9}, {0.2, 0.4}};

    @Test
    void anExamplesWeightIsTwiceTheSigmoidOfTheControllersOutputOverItsLabelPredictionAndContext() {
        try (Float64Session session = new Float64Session()) {
            Net<TFloat64> net = new Net<>(session.graph(), TFloat64.class, 0);
            Parameters<TFloat64> params = new Parameters<>(net, "controller");
            // no hidden layer: the output layer sees [1 - y, y, 1 - p, p, context] itself
            LossScaleController<TFloat64> controller = new LossScaleController<>(params, 4, 2, List.of(), 0);
            Operand<TFloat64> w = controller.weights(Pass.deterministic(WeightValues.read(params, null)), inputs(net), net.constant(1));
            session.start();
            double[] out = {0.4, -0.3, 0.2, 0.5, -1.5, 2.0};
            double bias = -0.1;
            session.assign(param(params, "mlp/out/w").variable(), out);
            session.assign(param(params, "mlp/out/b").variable(), new double[] {bias});
            double[] weights = session.values(w);
            assertEquals(P.length, weights.length, "one weight per example: the single loss's");
            for (int b = 0; b < P.length; b++) {
                double[] x = {1 - Y[b], Y[b], 1 - P[b], P[b], CONTEXT[b][0], CONTEXT[b][1]};
                double z = bias;
                for (int i = 0; i < x.length; i++) {
                    z += x[i] * out[i];
                }
                assertEquals(2 / (1 + Math.exp(-z)), weights[b], 1e-12, "example " + b);
            }
        }
    }

    @Test
    void everyWeightStartsAtOneWhateverTheInputs() {
        try (Float64Session session = new Float64Session()) {
            Net<TFloat64> net = new Net<>(session.graph(), TFloat64.class, 0);
            Parameters<TFloat64> params = new Parameters<>(net, "controller");
            LossScaleController<TFloat64> controller = new LossScaleController<>(params, 4, 2, List.of(8, 8), 0.2);
            Operand<TFloat64> w = controller.weights(Pass.training(WeightValues.read(params, null)), inputs(net), net.constant(1));
            session.start();
            session.feedAlways(net.runSeed(), 1, 3);
            for (double weight : session.values(w)) {
                assertEquals(1, weight, 0, "the output layer starts at zero: 2 sigmoid(0)");
            }
        }
    }

    private static LossInputs<TFloat64> inputs(Net<TFloat64> net) {
        Ops tf = net.tf();
        double[][] predictions = new double[P.length][];
        for (int b = 0; b < P.length; b++) {
            predictions[b] = new double[] {P[b]};
        }
        return LossInputs.of(net, Task.BINARY, 1, tf.constant(predictions), tf.constant(Y)).withContext(tf.constant(CONTEXT));
    }

    private static Param<TFloat64> param(Parameters<TFloat64> params, String name) {
        return params.all().stream().filter(p -> p.name().equals("controller/" + name)).findFirst().orElseThrow();
    }
}
