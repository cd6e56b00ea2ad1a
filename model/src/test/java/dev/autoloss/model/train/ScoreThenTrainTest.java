package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scoring examples in a training step's own run (test, then train) is scoring them just before the step. */
class ScoreThenTrainTest {

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void theScoresAreThoseOfTheWeightsBeforeTheStepAndTheStepIsUnchanged(ModelKind model) {
        assertScoredBeforeTheStep(QuickStart.config().set(MODEL, model).set(TASK, Task.BINARY), new PlantedData(4, 60, Task.BINARY, 1, 11));
    }

    @ParameterizedTest
    @EnumSource(value = Task.class, names = {"MULTICLASS", "REGRESSION"})
    void soForEveryTask(Task task) {
        int classes = task == Task.MULTICLASS ? 3 : 1;
        assertScoredBeforeTheStep(QuickStart.config().set(TASK, task).set(CLASSES, classes), new PlantedData(4, 60, task, classes, 12));
    }

    private static void assertScoredBeforeTheStep(TrainerConfig.Builder settings, PlantedData data) {
        TrainerConfig config = settings.set(FIELD_COUNT, 4).set(TABLE_ROWS, 500).set(EMBEDDING_DIM, 4)
                .set(HIDDEN, List.of(8)).set(CONTROLLER_HIDDEN, List.of(8)).set(METHOD, Method.AUTOLOSS).set(MIN_COUNT, 2).build();
        List<List<Example>> warmUp = List.of(data.batch(64), data.batch(64));
        List<Example> batch = data.batch(64);
        List<Example> scored = batch.subList(0, 16); // as the train job scores: the first events of the batch
        try (Trainer separate = new Trainer(config); Trainer fused = new Trainer(config)) {
            warmUp.forEach(separate::train);
            warmUp.forEach(fused::train);

            float[] before = separate.predict(scored);
            separate.train(batch);
            TrainStepResult step = fused.train(batch, scored);

            assertArrayEquals(before, step.scoredPredictions(), 1e-6f, "scored as predict() scores them before the step");
            assertFalse(Arrays.equals(before, separate.predict(scored)), "the step changed the scores (so they were taken before it)");
            assertArrayEquals(separate.saveState(), fused.saveState(), "scoring in the step's run changes nothing the step does");
            assertEquals(0, fused.train(data.batch(64)).scoredPredictions().length, "nothing scored, no predictions");
        }
    }
}
