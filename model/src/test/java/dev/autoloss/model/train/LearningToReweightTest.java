package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.drs.Param;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.testing.FiniteDifferences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat64;

/** l2rw: each training example weighted by how well its gradient agrees with the current validation batch's. */
class LearningToReweightTest {

    private static TrainerConfig.Builder config() {
        return QuickStart.config().set(TASK, Task.BINARY).set(FIELD_COUNT, 4).set(TABLE_ROWS, 500).set(EMBEDDING_DIM, 4)
                .set(HIDDEN, List.of(8)).set(METHOD, Method.L2RW).set(CONTROLLER_EVERY, 2).set(SEED, 7L);
    }

    /**
     * The weights against {@code max(0, grad l_b . v)}, normalised to mean 1, from float64 central differences: of the
     * validation loss in every coordinate of W for {@code v}, then of each example's loss along v. The model is an FM,
     * which has no BatchNorm and no dropout, so that each example's loss is a function of W alone, as the step's
     * constant-statistics passes make it.
     */
    @Test
    void theWeightsAreTheExamplesAlignmentWithTheValidationGradientNormalised() {
        TrainerConfig settings = QuickStart.config().set(MODEL, ModelKind.FM).set(TASK, Task.BINARY).set(FIELD_COUNT, 4).set(TABLE_ROWS, 40)
                .set(EMBEDDING_DIM, 3).set(METHOD, Method.L2RW).set(MIN_COUNT, 1).set(LEARNING_RATE, 0.05).set(CONTROLLER_EVERY, 1)
                .set(DIRECTION_STEP, 1e-4).set(SEED, 3L).set(PRECISION, Precision.FLOAT64).build();
        PlantedData data = new PlantedData(4, 10, Task.BINARY, 1, 8);
        try (Trainer trainer = new Trainer(settings)) {
            List<Example> batch = data.batch(24);
            assertArrayEquals(ones(24), trainer.exampleWeights(batch), "every example weighs 1 before the first validation batch");
            for (int i = 0; i < 4; i++) {
                trainer.train(data.batch(48));
                trainer.trainController(data.batch(40));
            }
            List<Example> validation = data.batch(30);
            trainer.trainController(validation);
            double[] weights = trainer.exampleWeights(batch);

            Weights w = new Weights(trainer);
            double[] v = FiniteDifferences.gradient(w.values, w.coordinates, 1e-6, x -> mean(w.at(x).validationCriterion(validation)));
            double t = 1e-5 / Math.sqrt(Arrays.stream(v).map(c -> c * c).sum());
            double[] plus = w.at(w.along(v, t)).validationCriterion(batch);
            double[] minus = w.at(w.along(v, -t)).validationCriterion(batch);
            w.at(w.values);
            double[] aligned = IntStream.range(0, batch.size()).mapToDouble(b -> Math.max(0, (plus[b] - minus[b]) / (2 * t))).toArray();
            double mean = mean(aligned);
            double[] expected = Arrays.stream(aligned).map(a -> a / mean).toArray();

            FiniteDifferences.assertAgree("l2rw weights", weights, expected, 1e-5, 1e-3, 1e-9);
            assertTrue(Arrays.stream(expected).anyMatch(x -> x == 0) && Arrays.stream(expected).anyMatch(x -> x > 0),
                    "some examples weigh 0, others not: " + Arrays.toString(expected));
        }
    }

    @Test
    void beforeItsFirstValidationBatchL2rwTrainsExactlyAsCe() {
        PlantedData data = new PlantedData(4, 60, Task.BINARY, 1, 9);
        List<List<Example>> batches = List.of(data.batch(64), data.batch(64), data.batch(64), data.batch(64));
        try (Trainer ce = new Trainer(config().set(METHOD, Method.CE).build()); Trainer l2rw = new Trainer(config().build())) {
            for (List<Example> batch : batches) {
                assertEquals(ce.train(batch).loss(), l2rw.train(batch).loss(), "loss at step " + ce.step());
            }
            assertTrue(l2rw.controllerDue(), "l2rw asks for a validation batch every controllerEvery steps");
            assertFalse(ce.controllerDue());
            assertArrayEquals(read(ce, ce.allParams()), read(l2rw, l2rw.allParams()), "every weight, moment and statistic");
        }
    }

    /**
     * False clicks concentrated on a third of field 0's values, clean validation data: ce learns to over-predict those
     * values' clicks; l2rw, whose clean validation gradient there points against the false clicks, far less so.
     */
    @Test
    void l2rwLearnsLessOfConcentratedFalseClicksThanCe() {
        double ce = overPrediction(Method.CE);
        double l2rw = overPrediction(Method.L2RW);
        assertTrue(ce > 0.1 && l2rw < 0.5 * ce, "mean over-prediction of the noisy values' clicks: ce " + ce + ", l2rw " + l2rw);
    }

    /** The mean prediction less the mean clean label over clean examples with a noisy value, after training on the noisy stream. */
    private static double overPrediction(Method method) {
        PlantedData data = new PlantedData(4, 30, Task.BINARY, 1, 10);
        SplittableRandom noise = new SplittableRandom(10);
        try (Trainer trainer = new Trainer(config().set(METHOD, method).set(LEARNING_RATE, 0.01).set(CONTROLLER_EVERY, 1).build())) {
            for (int i = 0; i < 100; i++) {
                List<Example> batch = data.batch(128).stream()
                        .map(e -> e.label() == 0 && noisy(e) && noise.nextDouble() < 0.6 ? new Example(e.eventId(), e.eventTime(), 1, e.keys()) : e).toList();
                List<Example> validation = data.batch(256); // drawn for ce too, so that both train on the same stream
                trainer.train(batch);
                if (trainer.controllerDue()) {
                    trainer.trainController(validation);
                }
            }
            List<Example> test = data.batch(4000).stream().filter(LearningToReweightTest::noisy).toList();
            float[] p = trainer.predict(test);
            double bias = 0;
            for (int i = 0; i < test.size(); i++) {
                bias += p[i] - test.get(i).label();
            }
            return bias / test.size();
        }
    }

    private static boolean noisy(Example e) {
        return IntStream.range(0, 10).anyMatch(v -> PlantedData.key(0, v) == e.keys()[0]);
    }

    @Test
    void aBatchThatOnlyHurtsTheValidationLossWeighsZeroAndIsStillAStep() {
        Example clicked = new PlantedData(4, 60, Task.BINARY, 1, 11).next();
        List<Example> batch = Collections.nCopies(16, new Example("click", -1, 1f, clicked.keys()));
        List<Example> contrary = Collections.nCopies(16, new Example("no click", -1, 0f, clicked.keys()));
        try (Trainer trainer = new Trainer(config().set(MODEL, ModelKind.FM).build())) { // FM: no BatchNorm to divide by a zero variance
            trainer.train(batch);
            trainer.trainController(contrary);
            TrainStepResult step = trainer.train(batch);
            assertFalse(step.skipped(), "weights 0 are finite");
            assertEquals(0, step.loss());
            assertEquals(0, trainer.skippedBatches());
            assertEquals(2, trainer.step());
            assertArrayEquals(new double[] {0}, trainer.meanLossWeights());
        }
    }

    /** The validation batch is read over the same rows as the training batch, but only the training batch's rows are stepped. */
    @Test
    void rowsThatOnlyTheValidationBatchReadsAreLeftAsTheyWere() {
        int tableRows = 1 << 16;
        PlantedData data = new PlantedData(4, 60, Task.BINARY, 1, 12);
        List<Example> batch = data.batch(64);
        List<Example> validation = data.batch(64).stream()
                .map(e -> new Example(e.eventId(), -1, e.label(), Arrays.stream(e.keys()).map(k -> ~k).toArray())).toList();
        BatchEncoder rowsOf = new BatchEncoder(4, Task.BINARY, 1, new FeatureAdmission(1, tableRows, null));
        int[] trainingRows = rowsOf.encodeForScoring(batch).rows();
        int[] validationOnly = Arrays.stream(rowsOf.encodeForScoring(validation).rows())
                .filter(r -> Arrays.stream(trainingRows).noneMatch(t -> t == r)).sorted().toArray();
        try (Trainer trainer = new Trainer(config().set(MIN_COUNT, 1).set(TABLE_ROWS, tableRows).build())) {
            trainer.train(data.batch(64));
            trainer.trainController(validation);
            Param<?> table = trainer.graph().drs.trainable().stream().filter(p -> p.role() == Param.Role.TABLE).findFirst().orElseThrow();
            double[] validationBefore = readRows(trainer, table, validationOnly);
            double[] trainingBefore = readRows(trainer, table, trainingRows);
            trainer.train(batch);
            assertArrayEquals(validationBefore, readRows(trainer, table, validationOnly), "weights and moments of the validation batch's own rows");
            assertFalse(Arrays.equals(trainingBefore, readRows(trainer, table, trainingRows)), "the training batch's rows were stepped");
            int[] changed = trainer.state().rowsChangedAfter(1);
            assertTrue(Arrays.stream(validationOnly).noneMatch(r -> Arrays.binarySearch(changed, r) >= 0), "no validation row is marked changed");
            assertTrue(Arrays.stream(trainingRows).allMatch(r -> Arrays.binarySearch(changed, r) >= 0), "every training row is");
        }
    }

    @Test
    void aRestoredTrainerWeighsByTheSameValidationBatch() {
        PlantedData data = new PlantedData(4, 60, Task.BINARY, 1, 13);
        List<List<Example>> batches = IntStream.range(0, 6).mapToObj(i -> data.batch(64)).toList();
        List<List<Example>> validation = IntStream.range(0, 3).mapToObj(i -> data.batch(64)).toList();
        TrainerConfig settings = config().build();
        try (Trainer original = new Trainer(settings); Trainer restored = new Trainer(settings)) {
            for (int i = 0; i < 3; i++) {
                step(original, batches.get(i), validation.get(i / 2));
            }
            restored.restoreState(original.saveState());
            for (int i = 3; i < 6; i++) {
                assertEquals(step(original, batches.get(i), validation.get(i / 2)), step(restored, batches.get(i), validation.get(i / 2)), "loss at step " + i);
            }
            assertArrayEquals(original.saveState(), restored.saveState());
        }
    }

    @Test
    void multiclassLabelsToo() {
        PlantedData data = new PlantedData(4, 60, Task.MULTICLASS, 3, 14);
        try (Trainer trainer = new Trainer(config().set(TASK, Task.MULTICLASS).set(CLASSES, 3).build())) {
            for (int i = 0; i < 4; i++) {
                step(trainer, data.batch(64), data.batch(64));
            }
            assertEquals(4, trainer.step());
            double[] weights = trainer.exampleWeights(data.batch(64));
            assertEquals(1, mean(weights), 1e-5, "normalised to mean 1");
        }
    }

    private static double step(Trainer trainer, List<Example> batch, List<Example> validation) {
        double loss = trainer.train(batch).loss();
        if (trainer.controllerDue()) {
            ControllerStepResult result = trainer.trainController(validation);
            assertTrue(Double.isFinite(result.validationLoss()) && Double.isNaN(result.objective()) && result.controllerSteps() == 0, result.toString());
        }
        return loss;
    }

    private static double[] ones(int n) {
        double[] x = new double[n];
        Arrays.fill(x, 1);
        return x;
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).average().orElseThrow();
    }

    private static double[] read(Trainer trainer, List<Param<?>> params) {
        try (Result values = trainer.variables().read(params)) {
            return IntStream.range(0, params.size()).mapToObj(i -> Feed.doubles(values.get(i))).flatMapToDouble(Arrays::stream).toArray();
        }
    }

    private static double[] readRows(Trainer trainer, Param<?> table, int[] rows) {
        try (Tensor feed = SnapshotTensors.rowTensor(rows); Result values = trainer.variables().readStoredRows(Map.of(table, feed))) {
            return Feed.doubles(values.get(0));
        }
    }

    /** The recommender's stored variables, flattened, with the positions of their weights (not a table's optimiser state). */
    private static final class Weights {
        final Trainer trainer;
        final List<Param<?>> params;
        final double[] values;
        final int[] coordinates;

        Weights(Trainer trainer) {
            this.trainer = trainer;
            this.params = new ArrayList<>(trainer.graph().drs.trainable());
            this.values = read(trainer, params);
            List<Integer> weights = new ArrayList<>();
            int offset = 0;
            for (Param<?> param : params) {
                long width = param.shape().numDimensions() == 2 ? param.shape().get(1) : 1;
                long stored = param.storageShape().numDimensions() == 2 ? param.storageShape().get(1) : 1;
                int size = (int) param.storageShape().size();
                for (int i = 0; i < size; i++) {
                    if (i % stored < width) {
                        weights.add(offset + i);
                    }
                }
                offset += size;
            }
            this.coordinates = weights.stream().mapToInt(Integer::intValue).toArray();
        }

        /** {@link #values} plus {@code t v} on the weights' coordinates. */
        double[] along(double[] v, double t) {
            double[] x = values.clone();
            for (int k = 0; k < coordinates.length; k++) {
                x[coordinates[k]] += t * v[k];
            }
            return x;
        }

        /** The trainer with its variables set to {@code flat}. */
        Trainer at(double[] flat) {
            Map<Param<?>, Tensor> tensors = new LinkedHashMap<>();
            int offset = 0;
            for (Param<?> param : params) {
                int n = (int) param.storageShape().size();
                tensors.put(param, TFloat64.tensorOf(param.storageShape(), DataBuffers.of(Arrays.copyOfRange(flat, offset, offset + n), true, false)));
                offset += n;
            }
            try {
                trainer.variables().write(tensors);
            } finally {
                tensors.values().forEach(Tensor::close);
            }
            return trainer;
        }
    }
}
