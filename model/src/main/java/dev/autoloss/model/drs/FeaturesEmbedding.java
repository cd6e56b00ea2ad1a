package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/** One hashed table of {@code dim}-vectors shared by all fields (Xavier-uniform start); a batch reads its rows. */
public final class FeaturesEmbedding<T extends TFloating> {

    private final Param<T> table;
    private final int fields;
    private final int dim;

    public FeaturesEmbedding(Parameters<T> params, String name, long rows, int fields, int dim) {
        this.table = params.table(name, rows, dim, Init.xavierUniform(rows, dim));
        this.fields = fields;
        this.dim = dim;
    }

    /** {@code [B, F]} positions into the pass's table rows -> {@code [B, F, dim]}. */
    public Operand<T> apply(Pass<T> pass, Operand<TInt32> index) {
        Ops tf = pass.net().tf();
        return tf.gather(pass.value(table), index, tf.constant(0));
    }

    /** {@code [B, F, dim]} -> {@code [B, F * dim]}. */
    public Operand<T> flatten(Pass<T> pass, Operand<T> embedded) {
        Ops tf = pass.net().tf();
        return tf.reshape(embedded, tf.constant(new int[] {-1, flatDim()}));
    }

    public int flatDim() {
        return fields * dim;
    }
}
