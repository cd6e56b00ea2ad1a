package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** {@code x W + b}, initialised like PyTorch's {@code nn.Linear}: uniform in {@code +-1/sqrt(in)}. */
public final class Linear<T extends TFloating> {

    private final Param<T> weight;
    private final Param<T> bias;

    public Linear(Parameters<T> params, String name, int in, int out) {
        Init init = Init.uniform(1 / Math.sqrt(in));
        this.weight = params.weight(name + "/w", Shape.of(in, out), init);
        this.bias = params.weight(name + "/b", Shape.of(out), init);
    }

    public Operand<T> apply(Pass<T> pass, Operand<T> x) {
        Ops tf = pass.net().tf();
        return tf.nn.biasAdd(tf.linalg.matMul(x, pass.value(weight)), pass.value(bias));
    }
}
