package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * autoloss-scale and autoloss-item train ce with a learned weight per example, {@code 2 sigmoid(.)}; autoloss-item's
 * controller also sees the running label statistics of the example's item (field 0 here), which item-trust's
 * hand-made weights read too.
 */
class ScaledLossMethodsTest {

    private static final int BATCH = 120;

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"AUTOLOSS_SCALE", "AUTOLOSS_ITEM"})
    void itTrainsCeAloneStartingWithEveryWeightAtOneAndThenLearnsWeightsAboveAndBelowOne(Method method) {
        TrainerConfig config = config(method).set(CONTROLLER_LEARNING_RATE, 0.05).set(XI, 0.05).set(CONTROLLER_EVERY, 1).build();
        assertEquals(List.of("ce"), config.describe().get("candidates"));
        assertFalse(method.fixedLoss().isPresent(), "its weights are learned");
        PlantedData data = new PlantedData(4, 12, Task.BINARY, 1, 3);
        try (Trainer trainer = new Trainer(config)) {
            assertFalse(trainer.train(data.batch(BATCH)).skipped());
            assertArrayEquals(new double[] {1}, trainer.meanLossWeights(), 0, "2 sigmoid(0) for every example at the start");
            for (int i = 0; i < 4; i++) {
                assertTrue(trainer.controllerDue());
                assertFalse(trainer.trainController(data.batch(BATCH)).skipped());
                trainer.train(data.batch(BATCH));
            }
            double[] weights = trainer.controllerWeights(data.batch(BATCH));
            assertTrue(Arrays.stream(weights).allMatch(w -> w > 0 && w < 2), "weights in (0, 2)");
            assertTrue(Arrays.stream(weights).max().orElseThrow() > Arrays.stream(weights).min().orElseThrow() + 1e-4,
                    "after controller steps the weights differ by example: " + Arrays.toString(weights));
        }
    }

    @Test
    void autolossItemRefusesAConfigWithoutTheItemsField() {
        InvalidSettingException missing = assertThrows(InvalidSettingException.class, () -> config(Method.AUTOLOSS_ITEM).set(ITEM_FIELD, -1).build());
        assertSame(ITEM_FIELD, missing.setting());
        assertTrue(missing.getMessage().contains("autoloss-item needs the field whose value is the item, one of 0..3, got -1"), missing.getMessage());
        assertThrows(InvalidSettingException.class, () -> config(Method.AUTOLOSS_ITEM).set(ITEM_FIELD, 4).build(), "there are 4 fields");
        InvalidSettingException multiclass = assertThrows(InvalidSettingException.class,
                () -> config(Method.AUTOLOSS_ITEM).set(TASK, Task.MULTICLASS).set(CLASSES, 3).build());
        assertTrue(multiclass.getMessage().contains("counts positives per item: it needs the binary task"), multiclass.getMessage());
        config(Method.AUTOLOSS_SCALE).set(ITEM_FIELD, -1).build(); // sees no item
    }

    @Test
    void itemTrustWeighsPositivesByThePosteriorThatTheyAreRealAndNegativesByOne() {
        // FM: no BatchNorm, so the trained pass predicts what predict() does
        TrainerConfig config = config(Method.ITEM_TRUST).set(MODEL, ModelKind.FM).set(PRECISION, Precision.FLOAT64).build();
        assertEquals(List.of("ce"), config.describe().get("candidates"));
        assertThrows(InvalidSettingException.class, () -> config(Method.ITEM_TRUST).set(ITEM_FIELD, -1).build());
        PlantedData data = new PlantedData(4, 12, Task.BINARY, 1, 5);
        try (Trainer trainer = new Trainer(config)) {
            trainer.train(data.batch(BATCH));
            assertArrayEquals(new double[] {1}, trainer.meanLossWeights(), 1e-6, "no trusted label yet: no false clicks assumed");
            assertEquals(0, trainer.trainController(data.batch(BATCH)).controllerSteps(), "trusted labels counted, no V to step");
            List<Example> batch = data.batch(BATCH);
            float[] inputs = trainer.itemStatistics().inputs(batch);
            float[] p = trainer.predict(batch);
            double expected = 0;
            for (int b = 0; b < batch.size(); b++) {
                double f = inputs[b * ItemStatistics.INPUTS + ItemStatistics.FALSE_CLICK_RATE];
                expected += batch.get(b).label() == 1f ? (1 - f) * p[b] / (f + (1 - f) * p[b]) : 1;
            }
            trainer.train(batch);
            double mean = trainer.meanLossWeights()[0];
            assertEquals(expected / batch.size(), mean, 1e-5);
            assertTrue(mean < 1, "the trusted labels put some false clicks on items: " + mean);
        }
    }

    /**
     * The controller step differentiates the last training batch's weights with the statistics that batch's DRS step
     * was given, although the counts have moved on since (the batch's own labels, a validation batch's). W barely
     * moves (learning rate 1e-12) and nothing drops out, so the two runs' weights must be the same.
     */
    @Test
    void theControllerStepSeesTheItemStatisticsItsTrainingBatchWasGiven() {
        TrainerConfig config = config(Method.AUTOLOSS_ITEM).set(LEARNING_RATE, 1e-12).set(XI, 0.05).set(DROPOUT, 0.0).set(CONTROLLER_DROPOUT, 0.0)
                .set(CONTROLLER_LEARNING_RATE, 0.1).set(CONTROLLER_EVERY, 1).set(PRECISION, Precision.FLOAT64).build();
        PlantedData data = new PlantedData(4, 12, Task.BINARY, 1, 4);
        try (Trainer trainer = new Trainer(config)) {
            for (int i = 0; i < 3; i++) {
                trainer.train(data.batch(BATCH));
                trainer.trainController(data.batch(BATCH)); // moves V, so that the weights depend on the inputs; counts trusted labels
            }
            List<Example> batch = data.batch(BATCH);
            trainer.train(batch);
            double trained = trainer.meanLossWeights()[0];
            List<Example> validation = data.batch(BATCH);
            assertEquals(trained, mean(trainer.controllerWeights(validation)), 1e-12, "the mean weight of the batch in its DRS step and in the controller step");

            float[] given = trainer.state().lastBatchItemInputs;
            float[] now = trainer.itemStatistics().inputs(batch);
            assertFalse(Arrays.equals(given, now), "the batch's own labels have been counted since");
            trainer.state().lastBatchItemInputs = now;
            assertNotEquals(trained, mean(trainer.controllerWeights(validation)), 1e-6, "with the counts of now the weights differ: the check can tell");
        }
    }

    @Test
    void aRestoredTrainerContinuesExactlyWithTheItemStatisticsAndTheLastBatchsInputs() {
        TrainerConfig config = config(Method.AUTOLOSS_ITEM).set(CONTROLLER_EVERY, 2).build();
        PlantedData data = new PlantedData(4, 12, Task.BINARY, 1, 5);
        List<List<Example>> batches = List.of(data.batch(BATCH), data.batch(BATCH), data.batch(BATCH), data.batch(BATCH), data.batch(BATCH), data.batch(BATCH));
        try (Trainer original = new Trainer(config); Trainer restored = new Trainer(config)) {
            for (int i = 0; i < 3; i++) {
                original.train(batches.get(i));
                if (original.controllerDue()) {
                    original.trainController(batches.get(5 - i));
                }
            }
            // after step 3: no controller step due yet, the next one (after step 4) needs step 4's inputs, the one after the counts
            restored.restoreState(original.saveState());
            for (Trainer trainer : List.of(original, restored)) {
                trainer.train(batches.get(3));
                trainer.trainController(batches.get(0));
                trainer.train(batches.get(4));
            }
            assertArrayEquals(original.meanLossWeights(), restored.meanLossWeights(), 0);
            assertTrue(Arrays.equals(original.saveState(), restored.saveState()), "the whole state, item counts included, should be identical");
        }
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    private static TrainerConfig.Builder config(Method method) {
        return QuickStart.config().set(TASK, Task.BINARY).set(FIELD_COUNT, 4).set(TABLE_ROWS, 500).set(EMBEDDING_DIM, 4)
                .set(HIDDEN, List.of(8)).set(CONTROLLER_HIDDEN, List.of(8)).set(MIN_COUNT, 1).set(METHOD, method).set(ITEM_FIELD, 0)
                .set(BATCH_SIZE, BATCH).set(SEED, 7L);
    }
}
