package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.DropRate;
import dev.autoloss.model.search.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** tce, rce and fnw train the ce candidate with per-example weights, as any method trains. */
class ReweightingMethodsTest {

    private static final int BATCH = 200;

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"TCE", "RCE", "FNW"})
    void aReweightingMethodTrainsTheCeCandidateAlone(Method method) {
        TrainerConfig config = config(method).build();
        assertEquals(List.of("ce"), config.describe().get("candidates"));
        assertFalse(method.fixedLoss().isPresent(), "its weights are not fixed");
        PlantedData data = new PlantedData(4, 60, Task.BINARY, 1, 5);
        try (Trainer trainer = new Trainer(config)) {
            for (int i = 0; i < 3; i++) {
                assertFalse(trainer.train(data.batch(BATCH)).skipped());
            }
            double weight = trainer.meanLossWeights()[0];
            assertTrue(weight > 0 && weight < 2, method.cliName() + ": mean weight " + weight);
        }
    }

    @Test
    void tceDropsTheShareOfPositivesThatItsRampGivesAtTheStep() {
        // 0.4 after 4 steps: 0.2 at step 2
        TrainerConfig config = config(Method.TCE).set(TCE_DROP_RATE, new DropRate(0.4, 4)).build();
        PlantedData data = new PlantedData(4, 60, Task.BINARY, 1, 6);
        try (Trainer trainer = new Trainer(config)) {
            trainer.train(data.batch(BATCH));
            assertEquals(1.0, trainer.meanLossWeights()[0], 1e-6, "nothing dropped at step 0");
            trainer.train(data.batch(BATCH));
            List<Example> batch = data.batch(BATCH);
            long positives = batch.stream().filter(e -> e.label() == 1f).count();
            trainer.train(batch);
            assertEquals(1 - Math.floor(0.2 * positives) / BATCH, trainer.meanLossWeights()[0], 1e-6, positives + " positives");
        }
    }

    @Test
    void aReweightingMethodNeedsBinaryLabels() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> config(Method.RCE).set(TASK, Task.MULTICLASS).set(CLASSES, 3).build());
        assertTrue(e.getMessage().contains("rce weights clicks and non-clicks: it needs the binary task, not multiclass"), e.getMessage());
    }

    private static TrainerConfig.Builder config(Method method) {
        return QuickStart.config().set(TASK, Task.BINARY).set(FIELD_COUNT, 4).set(TABLE_ROWS, 500).set(EMBEDDING_DIM, 4)
                .set(HIDDEN, List.of(8)).set(METHOD, method).set(BATCH_SIZE, BATCH);
    }
}
