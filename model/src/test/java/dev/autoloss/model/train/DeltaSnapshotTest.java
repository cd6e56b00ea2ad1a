package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scoring copy kept up to date with deltas predicts what the trainer predicts. */
class DeltaSnapshotTest {

    private static final TrainerConfig CONFIG = QuickStart.config()
            .set(TASK, Task.BINARY).set(FIELD_COUNT, 5).set(TABLE_ROWS, 20_000).set(EMBEDDING_DIM, 4).set(HIDDEN, List.of(16)).set(CONTROLLER_HIDDEN, List.of(8))
            .set(METHOD, Method.AUTOLOSS).set(CONTROLLER_EVERY, 2).set(MIN_COUNT, 2).set(SEED, 4L).build();

    @Test
    void aScoringCopyUpdatedByADeltaPredictsLikeTheTrainer() {
        PlantedData data = new PlantedData(5, 40, Task.BINARY, 1, 6);
        List<Example> probe = data.batch(60);
        try (Trainer trainer = new Trainer(CONFIG); Trainer scorer = new Trainer(CONFIG)) {
            train(trainer, data, 3);
            byte[] full = trainer.saveState();
            scorer.restoreState(full);
            long published = trainer.step();

            train(trainer, data, 2);
            byte[] delta = trainer.saveDelta(published);
            scorer.applyDelta(delta);

            assertArrayEquals(trainer.predict(probe), scorer.predict(probe), 1e-6f, "predictions of the updated scoring copy");
            assertEquals(trainer.step(), scorer.step());
            assertTrue(delta.length < full.length / 4, "a delta over few changed rows (" + delta.length + " bytes) should be far smaller than the full state (" + full.length + ")");
        }
    }

    @Test
    void aDeltaOnlyAppliesToACopyBetweenItsBaseStepAndItsStep() {
        PlantedData data = new PlantedData(5, 40, Task.BINARY, 1, 6);
        try (Trainer trainer = new Trainer(CONFIG); Trainer stale = new Trainer(CONFIG)) {
            train(trainer, data, 4);
            byte[] delta = trainer.saveDelta(3);
            IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> stale.applyDelta(delta));
            assertTrue(gap.getMessage().contains("from step 3 to 4") && gap.getMessage().contains("step 0"), gap.getMessage());
            IllegalArgumentException future = assertThrows(IllegalArgumentException.class, () -> trainer.saveDelta(9));
            assertTrue(future.getMessage().contains("step 4"), future.getMessage());
        }
    }

    private static void train(Trainer trainer, PlantedData data, int steps) {
        for (int i = 0; i < steps; i++) {
            trainer.train(data.batch(32));
            if (trainer.controllerDue()) {
                trainer.trainController(data.batch(32));
            }
        }
    }
}
