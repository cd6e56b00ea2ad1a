package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.family.TFloating;

/**
 * Multi-head self-attention over the fields (Vaswani et al.): each head attends from every field to every
 * field, {@code softmax(Q K^T / sqrt(d_h)) V}, and the heads' results are joined and projected.
 */
public final class MultiHeadSelfAttention<T extends TFloating> {

    private final Linear<T> query;
    private final Linear<T> key;
    private final Linear<T> value;
    private final Linear<T> output;
    private final int fields;
    private final int dim;
    private final int heads;

    public MultiHeadSelfAttention(Parameters<T> params, String name, int fields, int dim, int heads) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("attention width " + dim + " does not split into " + heads + " heads");
        }
        this.query = new Linear<>(params, name + "/query", dim, dim);
        this.key = new Linear<>(params, name + "/key", dim, dim);
        this.value = new Linear<>(params, name + "/value", dim, dim);
        this.output = new Linear<>(params, name + "/out", dim, dim);
        this.fields = fields;
        this.dim = dim;
        this.heads = heads;
    }

    /** {@code [B, F, dim]} -> {@code [B, F, dim]}. */
    public Operand<T> apply(Pass<T> pass, Operand<T> x) {
        Net<T> net = pass.net();
        Ops tf = net.tf();
        Operand<T> q = splitHeads(tf, query.applyPerField(pass, x, fields));
        Operand<T> k = splitHeads(tf, key.applyPerField(pass, x, fields));
        Operand<T> v = splitHeads(tf, value.applyPerField(pass, x, fields));
        Operand<T> scores = tf.math.div(tf.train.batchMatMul(q, k, net.type(), BatchMatMul.adjY(true)), net.constant(Math.sqrt((double) dim / heads)));
        Operand<T> attended = tf.train.batchMatMul(tf.nn.softmax(scores), v, net.type());
        Operand<T> joined = tf.reshape(tf.linalg.transpose(attended, tf.constant(new int[] {0, 2, 1, 3})), tf.constant(new int[] {-1, fields, dim}));
        return output.applyPerField(pass, joined, fields);
    }

    /** {@code [B, F, dim]} -> {@code [B, heads, F, dim / heads]}. */
    private Operand<T> splitHeads(Ops tf, Operand<T> x) {
        Operand<T> split = tf.reshape(x, tf.constant(new int[] {-1, fields, heads, dim / heads}));
        return tf.linalg.transpose(split, tf.constant(new int[] {0, 2, 1, 3}));
    }
}
