package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** {@code x W + b}, initialised like PyTorch's {@code nn.Linear}: uniform in {@code +-1/sqrt(in)}. */
public final class Linear<T extends TFloating> {

    private final Param<T> weight;
    private final Param<T> bias;
    private final int in;
    private final int out;

    public Linear(Parameters<T> params, String name, int in, int out) {
        this.in = in;
        this.out = out;
        Init init = Init.uniform(1 / Math.sqrt(in));
        this.weight = params.weight(name + "/w", Shape.of(in, out), init);
        this.bias = params.weight(name + "/b", Shape.of(out), init);
    }

    /** {@code [B, in]} -> {@code [B, out]}. */
    public Operand<T> apply(Pass<T> pass, Operand<T> x) {
        Ops tf = pass.net().tf();
        return tf.nn.biasAdd(tf.linalg.matMul(x, pass.value(weight)), pass.value(bias));
    }

    /** The same map on every field's vector: {@code [B, F, in]} -> {@code [B, F, out]}. */
    public Operand<T> applyPerField(Pass<T> pass, Operand<T> x, int fields) {
        Ops tf = pass.net().tf();
        Operand<T> rows = tf.reshape(x, tf.constant(new int[] {-1, in}));
        return tf.reshape(apply(pass, rows), tf.constant(new int[] {-1, fields, out}));
    }
}
