package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.drs.Param;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.loss.CandidateLoss;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void aControllerSavedToAFileWeightsTheLossesAsItDidWhereItWasSearched(@TempDir Path dir) {
        PlantedData data = new PlantedData(4, 30, Task.BINARY, 1, 3);
        Path file = dir.resolve("controller.bin");
        byte[] searched;
        byte[] otherController;
        List<Example> next = data.batch(32);
        double[] searchedWeights;
        try (Trainer source = new Trainer(DEEPFM); Trainer other = new Trainer(DEEPFM.toBuilder().set(SEED, 9L).build())) {
            for (int i = 0; i < 6; i++) {
                source.train(data.batch(32));
                if (source.controllerDue()) {
                    source.trainController(data.batch(32));
                }
            }
            ControllerFile.save(source, file);
            searched = source.saveState();
            otherController = other.saveController();
            source.train(next);
            searchedWeights = source.meanLossWeights();
        }
        ControllerFile controller = ControllerFile.read(file);
        assertTrue(controller.header().contains("candidates=[focal, kl, hinge, ce]") && controller.header().contains("task=binary"), controller.header());
        // the same model weights and step as the source, but another controller's V until the file is loaded
        try (Trainer unloaded = withOtherController(searched, otherController); Trainer frozen = withOtherController(searched, otherController)) {
            controller.freezeInto(frozen);
            unloaded.train(next);
            frozen.train(next);
            assertArrayEquals(searchedWeights, frozen.meanLossWeights(), 1e-6, "the loaded controller weights the losses as the saved one did");
            assertFalse(Arrays.equals(searchedWeights, unloaded.meanLossWeights()), "another controller weights them otherwise");
        }
    }

    private static Trainer withOtherController(byte[] state, byte[] otherController) {
        Trainer trainer = new Trainer(DEEPFM);
        trainer.restoreState(state);
        SnapshotTensors.restoreVariables(trainer.variables(), trainer.graph().controller.trainable(), Snapshot.read(otherController));
        return trainer;
    }

    @Test
    void aControllerOverOtherCandidatesIsRefusedNamingTheFileAndTheDifference(@TempDir Path dir) {
        ControllerFile controller = savedFresh(DEEPFM, dir.resolve("searched.bin"));
        TrainerConfig threeLosses = DEEPFM.toBuilder().set(CANDIDATES, List.of(CandidateLoss.CE, CandidateLoss.FOCAL, CandidateLoss.KL)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> controller.requireFits(threeLosses));
        assertEquals(dir.resolve("searched.bin") + ": the controller does not fit this trainer: "
                + "candidates=[focal, kl, hinge, ce] saved, candidates=[ce, focal, kl] here", e.getMessage());
        try (Trainer target = new Trainer(threeLosses)) {
            assertThrows(IllegalArgumentException.class, () -> controller.freezeInto(target));
            assertFalse(target.controllerFrozen());
        }
    }

    @Test
    void aControllerOfAnotherTaskIsRefusedNamingEachDifference(@TempDir Path dir) {
        ControllerFile controller = savedFresh(DEEPFM, dir.resolve("binary.bin"));
        TrainerConfig multiclass = DEEPFM.toBuilder().set(TASK, Task.MULTICLASS).set(CLASSES, 5).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> controller.requireFits(multiclass));
        assertEquals(dir.resolve("binary.bin") + ": the controller does not fit this trainer: "
                + "task=binary saved, task=multiclass here; classes=1 saved, classes=5 here", e.getMessage());
    }

    @Test
    void aFullSnapshotIsNotAController(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("state.bin");
        try (Trainer trainer = new Trainer(DEEPFM)) {
            Files.write(file, trainer.saveState());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControllerFile.read(file));
        assertEquals(file + ": not a saved controller but a full snapshot", e.getMessage());
    }

    private static ControllerFile savedFresh(TrainerConfig config, Path file) {
        try (Trainer source = new Trainer(config)) {
            ControllerFile.save(source, file);
        }
        return ControllerFile.read(file);
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
