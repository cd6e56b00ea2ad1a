package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.testing.FiniteDifferences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat64;

/**
 * The controller's gradient {@code grad_V S}, computed from two perturbed forward passes (directional derivatives),
 * against a brute-force central difference in V of the unrolled validation loss
 * {@code L_val(W - xi grad_W L_train(W, V))}, in float64 on a tiny DeepFM with BatchNorm.
 */
class HypergradientTest {

    /**
     * With a small direction step the finite differences are nearly exact, so the two must agree closely: this
     * checks the unrolled graph, the weights' dependence on V, the {@code -(xi / B)} scaling and the BatchNorm
     * handling, for every learned weighting.
     */
    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"AUTOLOSS", "AL2", "DARTS", "SLF", "AUTOLOSS_SCALE", "AUTOLOSS_ITEM"})
    void hypergradientMatchesTheNumericalDerivativeOfTheUnrolledValidationLoss(Method method) {
        double[][] gradients = analyticAndNumeric(method, 1e-4);
        FiniteDifferences.assertAgree(method.cliName() + " hypergradient", gradients[0], gradients[1], 1e-5, 1e-2, 1e-12);
    }

    /** The spec's step (0.01 / ||v||) trades a little accuracy (ReLU kinks, curvature) for robustness in float32. */
    @Test
    void theSpecsDirectionStepStaysCloseToTheExactHypergradient() {
        double[][] gradients = analyticAndNumeric(Method.AUTOLOSS, TrainerSettings.DIRECTION_STEP.defaultValue());
        double error = 0;
        double norm = 0;
        for (int i = 0; i < gradients[0].length; i++) {
            error += (gradients[0][i] - gradients[1][i]) * (gradients[0][i] - gradients[1][i]);
            norm += gradients[1][i] * gradients[1][i];
        }
        double relative = Math.sqrt(error / norm);
        assertTrue(relative < 0.05, "relative error " + relative + " of the hypergradient with the default direction step");
    }

    /** {@code grad_V S} from the trainer and the central difference of the unrolled validation loss in each coordinate of V. */
    private static double[][] analyticAndNumeric(Method method, double directionStep) {
        TrainerConfig config = QuickStart.config()
                .set(TASK, Task.BINARY).set(FIELD_COUNT, 4).set(TABLE_ROWS, 40).set(EMBEDDING_DIM, 3).set(HIDDEN, List.of(6)).set(CONTROLLER_HIDDEN, List.of(5))
                .set(METHOD, method).set(ITEM_FIELD, 0).set(MIN_COUNT, 1).set(LEARNING_RATE, 0.01).set(XI, 0.05).set(CONTROLLER_EVERY, 1).set(SEED, 3L).set(PRECISION, Precision.FLOAT64)
                .set(DIRECTION_STEP, directionStep)
                .build();
        PlantedData data = new PlantedData(4, 12, Task.BINARY, 1, 8);
        try (Trainer trainer = new Trainer(config)) {
            for (int i = 0; i < 3; i++) {
                trainer.train(data.batch(48));
                trainer.trainController(data.batch(48));
            }
            trainer.train(data.batch(48));
            List<Example> validation = data.batch(40);

            double[] analytic = trainer.controllerGradient(validation);
            List<Param<?>> controller = new ArrayList<>(trainer.graph().controller.trainable());
            double[] v = read(trainer, controller);
            double[] numeric = FiniteDifferences.gradient(v, 1e-5, x -> {
                write(trainer, controller, x);
                return trainer.unrolledValidationLoss(validation);
            });
            write(trainer, controller, v);
            return new double[][] {analytic, numeric};
        }
    }

    private static double[] read(Trainer trainer, List<Param<?>> params) {
        try (Result values = trainer.variables().read(params)) {
            List<Double> all = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                for (double x : Feed.doubles(values.get(i))) {
                    all.add(x);
                }
            }
            return all.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private static void write(Trainer trainer, List<Param<?>> params, double[] flat) {
        Map<Param<?>, Tensor> values = new LinkedHashMap<>();
        int offset = 0;
        for (Param<?> param : params) {
            int n = (int) param.shape().size();
            values.put(param, TFloat64.tensorOf(param.shape(), DataBuffers.of(Arrays.copyOfRange(flat, offset, offset + n), true, false)));
            offset += n;
        }
        try {
            trainer.variables().write(values);
        } finally {
            values.values().forEach(Tensor::close);
        }
    }
}
