package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Tensor;

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
            for (int i = 0; i < params.size(); i++) {
                Tensor tensor = values.get(i);
                writer.array(params.get(i).name(), SnapshotTensors.arrayType(config.precision()), params.get(i).shape().asArray(),
                        b -> SnapshotTensors.copy(tensor, b));
            }
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
        Map<Param<?>, Tensor> values = new LinkedHashMap<>();
        try {
            for (Param<?> param : trainer.graph().controller.trainable()) {
                values.put(param, SnapshotTensors.tensorOf(param.variable().type(), param.shape(), controller.array(param.name()).data()));
            }
            trainer.variables().write(values);
        } finally {
            values.values().forEach(Tensor::close);
        }
        trainer.state().controllerFrozen = true;
    }
}
