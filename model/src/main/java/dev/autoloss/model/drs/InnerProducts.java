package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.family.TFloating;

/** {@code <e_i, e_j>} for every pair of fields {@code i < j}: {@code [B, F, dim]} -> {@code [B, F(F-1)/2]}. */
public final class InnerProducts<T extends TFloating> {

    private final int fields;
    private final int[] upperTriangle;

    public InnerProducts(int fields) {
        this.fields = fields;
        this.upperTriangle = new int[fields * (fields - 1) / 2];
        int k = 0;
        for (int i = 0; i < fields; i++) {
            for (int j = i + 1; j < fields; j++) {
                upperTriangle[k++] = i * fields + j;
            }
        }
    }

    public int outputDim() {
        return upperTriangle.length;
    }

    public Operand<T> apply(Net<T> net, Operand<T> embedded) {
        Ops tf = net.tf();
        Operand<T> gram = tf.train.batchMatMul(embedded, embedded, net.type(), BatchMatMul.adjY(true));
        Operand<T> flat = tf.reshape(gram, tf.constant(new int[] {-1, fields * fields}));
        return tf.gather(flat, tf.constant(upperTriangle), tf.constant(1));
    }
}
