package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.drs.Param;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.loss.CandidateLoss;
import dev.autoloss.model.search.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;

/** A controller trained with one model transfers, frozen, to another (the paper's transfer study). */
class FrozenControllerTest {

    private static final TrainerConfig DEEPFM = QuickStart.config()
            .set(TASK, Task.BINARY).set(FIELD_COUNT, 4).set(TABLE_ROWS, 2000).set(EMBEDDING_DIM, 4).set(HIDDEN, List.of(16)).set(CONTROLLER_HIDDEN, List.of(8))
            .set(METHOD, Method.AUTOLOSS).set(CONTROLLER_EVERY, 2).set(MIN_COUNT, 1).set(SEED, 2L).build();

    @Test
    void aControllerSavedFromDeepFmTrainsIpnnWithoutChanging() {
        PlantedData data = new PlantedData(4, 30, Task.BINARY, 1, 3);
        byte[] controller;
        try (Trainer source = new Trainer(DEEPFM)) {
            for (int i = 0; i < 6; i++) {
                source.train(data.batch(32));
                if (source.controllerDue()) {
                    source.trainController(data.batch(32));
                }
            }
            controller = source.saveController();
        }
        try (Trainer target = new Trainer(DEEPFM.toBuilder().set(MODEL, ModelKind.IPNN).build())) {
            target.freezeController(controller);
            List<float[]> before = controllerWeights(target);
            for (int i = 0; i < 4; i++) {
                target.train(data.batch(32));
                assertFalse(target.controllerDue(), "a frozen controller is never due");
            }
            List<float[]> after = controllerWeights(target);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), 0f, "frozen controller weights changed");
            }
            assertThrows(IllegalStateException.class, () -> target.trainController(data.batch(8)));
            try (Trainer restored = new Trainer(DEEPFM.toBuilder().set(MODEL, ModelKind.IPNN).build())) {
                restored.restoreState(target.saveState());
                assertTrue(restored.controllerFrozen(), "the frozen state is part of the snapshot");
            }
        }
    }

    @Test
    void aControllerOverOtherCandidatesIsRejected() {
        byte[] controller;
        try (Trainer source = new Trainer(DEEPFM)) {
            controller = source.saveController();
        }
        TrainerConfig threeLosses = DEEPFM.toBuilder().set(CANDIDATES, List.of(CandidateLoss.CE, CandidateLoss.FOCAL, CandidateLoss.KL)).build();
        try (Trainer target = new Trainer(threeLosses)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.freezeController(controller));
            assertTrue(e.getMessage().contains("candidates=[focal, kl, hinge, ce]") && e.getMessage().contains("candidates=[ce, focal, kl]"), e.getMessage());
        }
    }

    private static List<float[]> controllerWeights(Trainer trainer) {
        List<Param<?>> params = new ArrayList<>(trainer.graph().controller.trainable());
        List<float[]> values = new ArrayList<>();
        try (Result result = trainer.variables().read(params)) {
            for (int i = 0; i < params.size(); i++) {
                float[] v = new float[(int) params.get(i).shape().size()];
                result.get(i).asRawTensor().data().asFloats().read(v);
                values.add(v);
            }
        }
        return values;
    }
}
