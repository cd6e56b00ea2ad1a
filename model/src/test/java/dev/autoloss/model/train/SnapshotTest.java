package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.snapshot.CorruptSnapshotException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A trainer saved and restored into a fresh one is the same trainer: same predictions, same next steps. */
class SnapshotTest {

    private static final TrainerConfig CONFIG = QuickStart.config()
            .set(TASK, Task.BINARY).set(FIELD_COUNT, 5).set(TABLE_ROWS, 500).set(EMBEDDING_DIM, 4).set(HIDDEN, List.of(16, 8)).set(CONTROLLER_HIDDEN, List.of(8))
            .set(METHOD, Method.AUTOLOSS).set(CONTROLLER_EVERY, 2).set(MIN_COUNT, 2).set(SEED, 21L).build();

    private static PlantedData data;
    private static List<List<Example>> batches;
    private static List<Example> probe;

    @BeforeAll
    static void data() {
        data = new PlantedData(5, 30, Task.BINARY, 1, 2);
        batches = List.of(data.batch(64), data.batch(64), data.batch(64), data.batch(64), data.batch(64), data.batch(64), data.batch(64));
        probe = data.batch(50);
    }

    /** Trains {@code trainer} on batches [from, to), with a controller step whenever one is due. */
    private static double[] train(Trainer trainer, int from, int to) {
        double[] losses = new double[to - from];
        for (int i = from; i < to; i++) {
            losses[i - from] = trainer.train(batches.get(i)).loss();
            if (trainer.controllerDue()) {
                trainer.trainController(batches.get((i + 3) % batches.size()));
            }
        }
        return losses;
    }

    @Test
    void restoredTrainerPredictsTheSameAsBefore() {
        try (Trainer original = new Trainer(CONFIG); Trainer restored = new Trainer(CONFIG)) {
            train(original, 0, 5);
            restored.restoreState(original.saveState());
            assertArrayEquals(original.predict(probe), restored.predict(probe), 1e-6f, "predictions after restore");
            assertEquals(original.step(), restored.step());
            assertEquals(original.controllerSteps(), restored.controllerSteps());
            assertEquals(original.temperature(), restored.temperature());
            assertArrayEquals(original.meanLossWeights(), restored.meanLossWeights());
        }
    }

    @Test
    void aRestoredTrainerContinuesExactlyAsTheOriginalDoes() {
        try (Trainer original = new Trainer(CONFIG); Trainer restored = new Trainer(CONFIG)) {
            train(original, 0, 4);
            // at step 4 a controller step ran; restoring mid-stream must also carry the controller's state and Adam moments
            restored.restoreState(original.saveState());
            double[] originalLosses = train(original, 4, 6);
            double[] restoredLosses = train(restored, 4, 6);
            assertArrayEquals(originalLosses, restoredLosses, 1e-9, "losses of the two steps after the restore");
            assertArrayEquals(original.predict(probe), restored.predict(probe), 1e-6f, "predictions after two more steps");
            assertTrue(Arrays.equals(original.saveState(), restored.saveState()), "the whole state after two more steps should be identical");
        }
    }

    @Test
    void corruptedBytesAreRejectedByTheChecksum() {
        byte[] snapshot;
        try (Trainer trainer = new Trainer(CONFIG)) {
            train(trainer, 0, 2);
            snapshot = trainer.saveState();
        }
        byte[] flipped = snapshot.clone();
        flipped[flipped.length / 2] ^= 0x10;
        try (Trainer trainer = new Trainer(CONFIG)) {
            CorruptSnapshotException corrupt = assertThrows(CorruptSnapshotException.class, () -> trainer.restoreState(flipped));
            assertTrue(corrupt.getMessage().contains("checksum mismatch"), corrupt.getMessage());
            byte[] truncated = Arrays.copyOf(snapshot, snapshot.length - 100);
            CorruptSnapshotException cut = assertThrows(CorruptSnapshotException.class, () -> trainer.restoreState(truncated));
            assertTrue(cut.getMessage().contains("checksum mismatch"), cut.getMessage());
            CorruptSnapshotException alien = assertThrows(CorruptSnapshotException.class, () -> trainer.restoreState("PK\u0003\u0004 this is a zip file, not a snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertTrue(alien.getMessage().contains("not an AutoLoss snapshot"), alien.getMessage());
            assertEquals(0, trainer.step(), "a rejected snapshot leaves the trainer as it was");
        }
    }

    @Test
    void aSnapshotOfADifferentlyShapedTrainerIsRejected() {
        byte[] snapshot;
        try (Trainer trainer = new Trainer(CONFIG)) {
            snapshot = trainer.saveState();
        }
        try (Trainer ipnn = new Trainer(CONFIG.toBuilder().set(MODEL, ModelKind.IPNN).build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ipnn.restoreState(snapshot));
            assertTrue(e.getMessage().contains("model=deepfm") && e.getMessage().contains("model=ipnn"), e.getMessage());
        }
    }

    @Test
    void aControllerStepRightAfterARestoreUsesTheSavedTrainingBatch() {
        try (Trainer original = new Trainer(CONFIG); Trainer restored = new Trainer(CONFIG)) {
            train(original, 0, 1);
            original.train(batches.get(1));
            restored.restoreState(original.saveState());
            assertTrue(original.controllerDue() && restored.controllerDue());
            ControllerStepResult expected = original.trainController(batches.get(2));
            ControllerStepResult actual = restored.trainController(batches.get(2));
            assertEquals(expected, actual);
        }
    }
}
