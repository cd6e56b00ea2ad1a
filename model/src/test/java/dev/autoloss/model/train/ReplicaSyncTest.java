package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replicas that exchange their deltas, and a merged copy that adds them all, hold the same model. */
class ReplicaSyncTest {

    private static final TrainerConfig CONFIG = QuickStart.config()
            .set(TASK, Task.BINARY).set(FIELD_COUNT, 5).set(TABLE_ROWS, 20_000).set(EMBEDDING_DIM, 4).set(HIDDEN, List.of(16)).set(CONTROLLER_HIDDEN, List.of(8))
            .set(METHOD, Method.AUTOLOSS).set(CONTROLLER_EVERY, 2).set(MIN_COUNT, 2).set(SEED, 4L).build();

    @Test
    void replicasThatExchangeDeltasAndTheMergedCopyPredictAlike() {
        PlantedData data = new PlantedData(5, 40, Task.BINARY, 1, 6);
        List<Example> probe = data.batch(80);
        try (Trainer first = new Trainer(CONFIG); Trainer second = new Trainer(CONFIG); Trainer merged = new Trainer(CONFIG)) {
            first.startReplica(2);
            second.startReplica(2);
            merged.startReplica(2);
            float[] before = merged.predict(probe);
            for (int round = 0; round < 3; round++) {
                train(first, data, 3);
                train(second, data, 2);
                byte[] fromFirst = first.takeReplicaDelta();
                byte[] fromSecond = second.takeReplicaDelta();
                assertEquals(3, Trainer.replicaDeltaSteps(fromFirst));
                first.addReplicaDelta(fromSecond);
                second.addReplicaDelta(fromFirst);
                merged.addReplicaDelta(fromFirst);
                merged.addReplicaDelta(fromSecond);
            }
            float[] expected = merged.predict(probe);
            assertFalse(Arrays.equals(before, expected), "the merged copy learned nothing");
            assertArrayEquals(expected, first.predict(probe), 1e-5f, "first replica, which took over the running statistics the merged copy did");
            // the second holds the same weights, but took over the first's running statistics (moving averages do not add up)
            assertArrayEquals(expected, second.predict(probe), 0.05f, "second replica");
            assertEquals(15, merged.step(), "the merged copy counts every replica's steps");
            assertEquals(merged.step(), first.step());
        }
    }

    @Test
    void runningStatisticsAreTakenOverNotSummed() {
        PlantedData data = new PlantedData(5, 40, Task.BINARY, 1, 6);
        List<Example> probe = data.batch(80);
        try (Trainer first = new Trainer(CONFIG); Trainer second = new Trainer(CONFIG); Trainer merged = new Trainer(CONFIG)) {
            first.startReplica(2);
            second.startReplica(2);
            merged.startReplica(2);
            for (int round = 0; round < 20; round++) { // BatchNorm's running variance moves far from its start; summed, it would turn negative
                train(first, data, 5);
                train(second, data, 5);
                merged.addReplicaDelta(first.takeReplicaDelta());
                merged.addReplicaDelta(second.takeReplicaDelta());
            }
            for (float p : merged.predict(probe)) {
                assertTrue(Float.isFinite(p), "a prediction of the merged copy is not finite");
            }
        }
    }

    @Test
    void aDeltaHoldsOnlyTheReplicasOwnChanges() {
        PlantedData data = new PlantedData(5, 40, Task.BINARY, 1, 6);
        List<Example> probe = data.batch(80);
        try (Trainer first = new Trainer(CONFIG); Trainer second = new Trainer(CONFIG); Trainer merged = new Trainer(CONFIG)) {
            first.startReplica(2);
            second.startReplica(2);
            merged.startReplica(2);
            train(first, data, 4);
            byte[] fromFirst = first.takeReplicaDelta();
            second.addReplicaDelta(fromFirst);
            byte[] nothingOwn = second.takeReplicaDelta(); // the added changes are not the second replica's to pass on
            assertEquals(0, Trainer.replicaDeltaSteps(nothingOwn));
            merged.addReplicaDelta(fromFirst);
            merged.addReplicaDelta(nothingOwn);
            assertArrayEquals(first.predict(probe), merged.predict(probe), 1e-6f);
        }
    }

    @Test
    void aRestoredReplicaStartsWithNothingOfItsOwnPending() {
        PlantedData data = new PlantedData(5, 40, Task.BINARY, 1, 6);
        List<Example> probe = data.batch(80);
        try (Trainer replica = new Trainer(CONFIG); Trainer restored = new Trainer(CONFIG); Trainer merged = new Trainer(CONFIG)) {
            replica.startReplica(2);
            merged.startReplica(2);
            train(replica, data, 3);
            merged.addReplicaDelta(replica.takeReplicaDelta());
            restored.restoreState(replica.saveState());
            restored.startReplica(2);
            train(restored, data, 2);
            merged.addReplicaDelta(restored.takeReplicaDelta());
            assertArrayEquals(restored.predict(probe), merged.predict(probe), 1e-6f);
        }
    }

    @Test
    void aTrainerThatIsNoReplicaRefusesDeltas() {
        try (Trainer trainer = new Trainer(CONFIG)) {
            assertThrows(IllegalStateException.class, trainer::takeReplicaDelta);
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
