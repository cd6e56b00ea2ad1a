package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tensorflow.Result;

/**
 * A trained loss controller on its own (the weights V, no optimiser state), to train another model or dataset
 * with it fixed (the paper's transfer study). Its header ({@link Snapshot#stateShape()}) is the
 * {@link TrainerConfig#controllerShape()} it was saved with, checked against the loading trainer's.
 */
final class ControllerSnapshots {

    private static final String PART_SEPARATOR = "; ";

    private ControllerSnapshots() {}

    static byte[] save(Trainer trainer) {
        List<Param<?>> params = List.copyOf(trainer.graph().controller.trainable());
        if (params.isEmpty()) {
            throw new IllegalStateException("method " + trainer.config().method().cliName() + " has no learned loss weights to save");
        }
        TrainerConfig config = trainer.config();
        SnapshotWriter writer = new SnapshotWriter(Snapshot.Kind.CONTROLLER, config.controllerShape(), trainer.state().step, 0)
                .counter("controller_steps", trainer.state().controllerSteps);
        try (Result values = trainer.variables().read(params)) {
            SnapshotTensors.writeVariables(writer, params, values, SnapshotTensors.arrayType(config.precision()));
            return writer.toBytes();
        }
    }

    static void freeze(Trainer trainer, Snapshot controller) {
        requireFits(controller, trainer.config());
        SnapshotTensors.restoreVariables(trainer.variables(), trainer.graph().controller.trainable(), controller);
        trainer.state().controllerFrozen = true;
    }

    /** Refuses, naming each part that differs, a snapshot that is not a controller of {@code config}'s shape. */
    static void requireFits(Snapshot controller, TrainerConfig config) {
        requireController(controller);
        if (!config.method().learnsWeights()) {
            throw new IllegalArgumentException("method " + config.method().cliName() + " learns no loss weights, so it cannot use a controller");
        }
        if (!controller.stateShape().equals(config.controllerShape())) {
            throw new IllegalArgumentException("the controller does not fit this trainer: "
                    + difference(parseShape(controller.stateShape()), parseShape(config.controllerShape())));
        }
    }

    static void requireController(Snapshot snapshot) {
        if (snapshot.kind() != Snapshot.Kind.CONTROLLER) {
            throw new IllegalArgumentException("not a saved controller but a " + snapshot.kind().name().toLowerCase(java.util.Locale.ROOT) + " snapshot");
        }
    }

    static String joinShape(Map<String, String> parts) {
        List<String> joined = new ArrayList<>();
        parts.forEach((name, value) -> joined.add(name + "=" + value));
        return String.join(PART_SEPARATOR, joined);
    }

    private static Map<String, String> parseShape(String shape) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : shape.split(PART_SEPARATOR)) {
            int eq = part.indexOf('=');
            parts.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
        }
        return parts;
    }

    /** "candidates=[a, b] saved, candidates=[c] here; ..." for each part whose values differ. */
    private static String difference(Map<String, String> saved, Map<String, String> here) {
        Set<String> names = new LinkedHashSet<>(saved.keySet());
        names.addAll(here.keySet());
        List<String> differences = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(saved.get(name), here.get(name))) {
                differences.add(name + "=" + saved.getOrDefault(name, "(none)") + " saved, " + name + "=" + here.getOrDefault(name, "(none)") + " here");
            }
        }
        return String.join("; ", differences);
    }
}
