package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;

class NonFiniteBatchTest {

    @Test
    void aBatchWithANonFiniteLossIsSkippedCountedAndChangesNothing() {
        TrainerConfig config = QuickStart.config().set(TASK, Task.REGRESSION).set(FIELD_COUNT, 4).set(TABLE_ROWS, 300).set(EMBEDDING_DIM, 4)
                .set(HIDDEN, List.of(8)).set(CONTROLLER_HIDDEN, List.of(8)).set(METHOD, Method.AUTOLOSS).set(MIN_COUNT, 1).build();
        PlantedData data = new PlantedData(4, 20, Task.REGRESSION, 1, 5);
        try (Trainer trainer = new Trainer(config)) {
            trainer.train(data.batch(32));
            List<Example> poisoned = new ArrayList<>(data.batch(32));
            Example victim = poisoned.get(7);
            // finite as a float, but its squared error overflows float32 to infinity
            poisoned.set(7, new Example("poisoned-event", victim.eventTime(), 1e30f, victim.keys()));
            List<Example> probe = data.batch(16);
            float[] before = trainer.predict(probe);
            List<float[]> variablesBefore = allVariables(trainer);

            TrainStepResult result = trainer.train(poisoned);

            assertTrue(result.skipped(), "the poisoned batch must be skipped");
            assertEquals(List.of("poisoned-event"), result.nonFiniteEvents(), "the skipped batch names the event whose loss overflowed");
            assertFalse(Double.isFinite(result.loss()), "its loss is reported as it was: " + result.loss());
            assertEquals(1, trainer.skippedBatches());
            assertEquals(1, trainer.step(), "a skipped batch is not a step");
            List<float[]> variablesAfter = allVariables(trainer);
            for (int i = 0; i < variablesBefore.size(); i++) {
                assertArrayEquals(variablesBefore.get(i), variablesAfter.get(i), 0f,
                        "variable " + trainer.allParams().get(i).name() + " changed in a skipped step");
            }
            assertArrayEquals(before, trainer.predict(probe), 0f, "predictions after a skipped batch");

            TrainStepResult next = trainer.train(data.batch(32));
            assertFalse(next.skipped());
            assertEquals(2, next.step());
            for (float p : trainer.predict(probe)) {
                assertTrue(Float.isFinite(p), "weights stay finite");
            }
        }
    }

    @Test
    void examplesThatCannotBeTrainedOnAreRejectedNamingTheEvent() {
        TrainerConfig config = QuickStart.config().set(TASK, Task.BINARY).set(FIELD_COUNT, 3).set(TABLE_ROWS, 100).set(EMBEDDING_DIM, 2)
                .set(HIDDEN, List.of(4)).set(METHOD, Method.CE).build();
        try (Trainer trainer = new Trainer(config)) {
            long[] keys = {1, 2, 3};
            IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                    () -> trainer.train(List.of(new Example("e-42", -1, 0.5f, keys))));
            assertTrue(label.getMessage().contains("e-42") && label.getMessage().contains("0 or 1"), label.getMessage());
            IllegalArgumentException unlabelled = assertThrows(IllegalArgumentException.class,
                    () -> trainer.train(List.of(new Example("e-43", -1, Float.NaN, keys))));
            assertTrue(unlabelled.getMessage().contains("e-43"), unlabelled.getMessage());
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                    () -> trainer.train(List.of(new Example("e-44", -1, 1f, new long[] {1, 2}))));
            assertTrue(width.getMessage().contains("e-44") && width.getMessage().contains("2 feature keys"), width.getMessage());
            assertEquals(0, trainer.step());
            assertEquals(1, trainer.predict(List.of(new Example("request", -1, Float.NaN, keys))).length, "scoring needs no label");
        }
    }

    private static List<float[]> allVariables(Trainer trainer) {
        List<Param<?>> params = trainer.allParams();
        List<float[]> values = new ArrayList<>();
        try (Result result = trainer.variables().read(params)) {
            for (int i = 0; i < params.size(); i++) {
                float[] v = new float[(int) params.get(i).storageShape().size()];
                result.get(i).asRawTensor().data().asFloats().read(v);
                values.add(v);
            }
        }
        return values;
    }
}
