package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.family.TFloating;

/**
 * The pairwise term of a factorisation machine through its interaction vector
 * {@code 0.5 * ((sum_f e_f)^2 - sum_f e_f^2)} (size {@code dim}): summed to one logit, or for K outputs
 * projected by a learned {@code dim x K} matrix (one scalar added to every class logit would cancel in the
 * softmax and never learn).
 */
public final class FactorizationMachine<T extends TFloating> {

    private final Param<T> projection;

    public FactorizationMachine(Parameters<T> params, String name, int dim, int outputs) {
        this.projection = outputs > 1 ? params.weight(name + "/projection", Shape.of(dim, outputs), Init.uniform(1 / Math.sqrt(dim))) : null;
    }

    /** {@code [B, F, dim]} -> {@code [B, dim]}. */
    public Operand<T> interaction(Net<T> net, Operand<T> embedded) {
        Ops tf = net.tf();
        Operand<T> sum = tf.reduceSum(embedded, tf.constant(1));
        Operand<T> sumOfSquares = tf.reduceSum(tf.math.mul(embedded, embedded), tf.constant(1));
        return tf.math.mul(net.constant(0.5), tf.math.sub(tf.math.mul(sum, sum), sumOfSquares));
    }

    /** {@code [B, F, dim]} -> {@code [B, outputs]}. */
    public Operand<T> apply(Pass<T> pass, Operand<T> embedded) {
        Net<T> net = pass.net();
        Ops tf = net.tf();
        Operand<T> interaction = interaction(net, embedded);
        return projection == null
                ? tf.reduceSum(interaction, tf.constant(1), ReduceSum.keepDims(true))
                : tf.linalg.matMul(interaction, pass.value(projection));
    }
}
