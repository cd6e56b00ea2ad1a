package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A trainer restored from a full snapshot and the increments taken after it is the trainer that wrote them:
 * byte for byte the same state, and the same next steps. This is what lets a stream checkpoint only what changed.
 */
class IncrementSnapshotTest {

    private static final TrainerConfig CONFIG = QuickStart.config()
            .set(TASK, Task.BINARY).set(FIELD_COUNT, 5).set(TABLE_ROWS, 20_000).set(EMBEDDING_DIM, 4).set(HIDDEN, List.of(16)).set(CONTROLLER_HIDDEN, List.of(8))
            .set(METHOD, Method.AUTOLOSS).set(CONTROLLER_EVERY, 2).set(MIN_COUNT, 2).set(SEED, 8L).build();

    @Test
    void aFullSnapshotAndItsIncrementsRestoreTheWholeStateAndItsFuture() {
        PlantedData data = new PlantedData(5, 40, Task.BINARY, 1, 9);
        List<List<Example>> later = List.of(data.batch(32), data.batch(32), data.batch(32));
        try (Trainer original = new Trainer(CONFIG); Trainer restored = new Trainer(CONFIG)) {
            train(original, data, 3);
            byte[] full = original.saveState();
            long base = original.step();
            train(original, data, 2);
            byte[] first = original.saveIncrement(base);
            byte[] idle = original.saveIncrement(original.step()); // a checkpoint with no step since the last one
            long second = original.step();
            train(original, data, 3);
            byte[] last = original.saveIncrement(second);

            restored.restoreState(full);
            restored.applyIncrement(first);
            restored.applyIncrement(idle);
            restored.applyIncrement(last);

            assertTrue(Arrays.equals(original.saveState(), restored.saveState()), "the restored state should be byte-identical");
            double[] originalLosses = later.stream().mapToDouble(b -> step(original, b)).toArray();
            double[] restoredLosses = later.stream().mapToDouble(b -> step(restored, b)).toArray();
            assertArrayEquals(originalLosses, restoredLosses, 0.0, "the steps after the restore");
            assertTrue(last.length < full.length / 4, "an increment over few changed rows (" + last.length + " bytes) should be far smaller than the full state (" + full.length + ")");
        }
    }

    @Test
    void aFullSnapshotAndItsIncrementsCompactIntoTheFullSnapshotTheTrainerWouldSave() {
        PlantedData data = new PlantedData(5, 40, Task.BINARY, 1, 9);
        try (Trainer trainer = new Trainer(CONFIG)) {
            byte[] untrained = trainer.saveState(); // no training batch yet: the increments bring one
            train(trainer, data, 2);
            byte[] first = trainer.saveIncrement(0);
            long second = trainer.step();
            train(trainer, data, 3);
            byte[] last = trainer.saveIncrement(second);
            byte[] idle = trainer.saveIncrement(trainer.step());

            IncrementCompaction folding = new IncrementCompaction(untrained.clone());
            IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> folding.apply(last));
            assertTrue(gap.getMessage().contains("from step 2 does not follow a snapshot at step 0"), gap.getMessage());
            folding.apply(first);
            assertEquals(second, folding.step());
            byte[] midway = folding.toBytes(); // a full snapshot taken midway leaves the folding going on
            folding.apply(last);
            folding.apply(idle);

            assertTrue(Arrays.equals(trainer.saveState(), folding.toBytes()), "the compacted snapshot should be the trainer's own, byte for byte");
            IncrementCompaction fromMidway = new IncrementCompaction(midway);
            fromMidway.apply(last);
            fromMidway.apply(idle);
            assertTrue(Arrays.equals(trainer.saveState(), fromMidway.toBytes()), "folding on from the midway snapshot should give the same bytes");
        }
    }

    @Test
    void anIncrementOnlyAppliesToATrainerAtItsBaseStep() {
        PlantedData data = new PlantedData(5, 40, Task.BINARY, 1, 9);
        try (Trainer trainer = new Trainer(CONFIG); Trainer behind = new Trainer(CONFIG)) {
            train(trainer, data, 4);
            byte[] increment = trainer.saveIncrement(3);
            IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> behind.applyIncrement(increment));
            assertTrue(gap.getMessage().contains("from step 3 to 4") && gap.getMessage().contains("this one is at step 0"), gap.getMessage());
            IllegalArgumentException asFull = assertThrows(IllegalArgumentException.class, () -> behind.restoreState(increment));
            assertTrue(asFull.getMessage().contains("INCREMENT"), asFull.getMessage());
            IllegalArgumentException future = assertThrows(IllegalArgumentException.class, () -> trainer.saveIncrement(9));
            assertTrue(future.getMessage().contains("step 4"), future.getMessage());
        }
    }

    private static double step(Trainer trainer, List<Example> batch) {
        double loss = trainer.train(batch).loss();
        if (trainer.controllerDue()) {
            trainer.trainController(batch);
        }
        return loss;
    }

    private static void train(Trainer trainer, PlantedData data, int steps) {
        for (int i = 0; i < steps; i++) {
            step(trainer, data.batch(32));
        }
    }
}
