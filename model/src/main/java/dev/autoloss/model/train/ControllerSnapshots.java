package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.util.List;
import org.tensorflow.Result;

/**
 * A trained loss controller on its own (the weights V, no optimiser state), to train another model or dataset
 * with it fixed (the paper's transfer study).
 */
final class ControllerSnapshots {

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
        TrainerConfig config = trainer.config();
        if (controller.kind() != Snapshot.Kind.CONTROLLER) {
            throw new IllegalArgumentException("not a controller but a " + controller.kind() + " snapshot");
        }
        if (!controller.stateShape().equals(config.controllerShape())) {
            throw new IllegalArgumentException("the saved controller has " + controller.stateShape() + "; this trainer's has " + config.controllerShape());
        }
        SnapshotTensors.restoreVariables(trainer.variables(), trainer.graph().controller.trainable(), controller);
        trainer.state().controllerFrozen = true;
    }
}
