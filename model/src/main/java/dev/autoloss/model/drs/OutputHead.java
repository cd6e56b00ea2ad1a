package dev.autoloss.model.drs;

import dev.autoloss.model.features.Task;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** Logits to predictions: sigmoid (binary), K-way softmax (multiclass), identity (regression). */
public final class OutputHead {

    private OutputHead() {}

    /** Logits per example for a task with {@code classes} classes (used only by multiclass). */
    public static int outputs(Task task, int classes) {
        return task == Task.MULTICLASS ? classes : 1;
    }

    /** {@code [B, outputs]} logits -> {@code [B, outputs]} predictions. */
    public static <T extends TFloating> Operand<T> predictions(Net<T> net, Task task, Operand<T> logits) {
        Ops tf = net.tf();
        return switch (task) {
            case BINARY -> tf.math.sigmoid(logits);
            case MULTICLASS -> tf.nn.softmax(logits);
            case REGRESSION -> logits;
        };
    }
}
