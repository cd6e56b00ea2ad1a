package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final int TABLE_ROWS = 1000;

    @Test
    void aValueSharesItsFieldsRareRowUntilSeenMinCountTimesInTraining() {
        FeatureAdmission admission = new FeatureAdmission(3, TABLE_ROWS, new CountMinSketch(4, 1024, 3));
        long key = PlantedData.key(2, 17);
        int ownRow = (int) Long.remainderUnsigned(key, TABLE_ROWS);
        int rareRow = TABLE_ROWS + 2;
        for (int scoring = 0; scoring < 5; scoring++) {
            assertEquals(rareRow, admission.row(2, key), "scoring or validating on a value does not count toward admission");
        }
        assertEquals(rareRow, admission.trainingRow(2, key, 1), "first sighting");
        assertEquals(rareRow, admission.trainingRow(2, key, 1), "second sighting");
        assertEquals(ownRow, admission.trainingRow(2, key, 1), "third sighting reaches min count 3");
        assertEquals(ownRow, admission.row(2, key), "an admitted value is scored on its own row");
        assertEquals(TABLE_ROWS + 0, admission.row(0, PlantedData.key(0, 5)), "another value of another field uses that field's rare row");
    }

    @Test
    void minCountOneAdmitsEveryValueAtOnce() {
        FeatureAdmission admission = new FeatureAdmission(1, TABLE_ROWS, null);
        long key = PlantedData.key(1, 3);
        assertEquals((int) Long.remainderUnsigned(key, TABLE_ROWS), admission.trainingRow(1, key, 1));
    }

    @Test
    void admissionCountsSurviveSaveAndRestore() {
        TrainerConfig config = QuickStart.config().set(TASK, Task.BINARY).set(FIELD_COUNT, 3).set(TrainerSettings.TABLE_ROWS, TABLE_ROWS).set(EMBEDDING_DIM, 4)
                .set(HIDDEN, List.of(8)).set(METHOD, Method.CE).set(MIN_COUNT, 2).build();
        long seenOnce = PlantedData.key(1, 999);
        int ownRow = (int) Long.remainderUnsigned(seenOnce, TABLE_ROWS);
        List<Example> first = batchWith(seenOnce, "a");
        List<Example> second = batchWith(seenOnce, "b");
        byte[] snapshot;
        try (Trainer trainer = new Trainer(config)) {
            trainer.train(first);
            assertEquals(0, trainer.state().lastUpdated()[ownRow], "after one sighting the value must not have its own row yet");
            assertTrue(trainer.state().lastUpdated()[TABLE_ROWS + 1] > 0, "after one sighting the value trains its field's rare row");
            snapshot = trainer.saveState();
        }
        try (Trainer restored = new Trainer(config)) {
            restored.restoreState(snapshot);
            restored.train(second);
            assertTrue(restored.state().lastUpdated()[ownRow] > 0, "the restored counts include the first sighting, so the second admits the value");
        }
        try (Trainer fresh = new Trainer(config)) {
            fresh.train(second);
            assertEquals(0, fresh.state().lastUpdated()[ownRow], "without the restored counts the same batch is only a first sighting");
        }
    }

    /** Four examples; field 1 of the first is {@code key}, every other value is common. */
    private static List<Example> batchWith(long key, String tag) {
        List<Example> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long[] keys = {PlantedData.key(0, i % 2), i == 0 ? key : PlantedData.key(1, 1), PlantedData.key(2, 0)};
            batch.add(new Example(tag + i, -1, i % 2, keys));
        }
        return batch;
    }
}
