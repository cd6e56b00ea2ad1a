package dev.autoloss.model.search;

import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.loss.LossInputs;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** The same weights for every example: 1 for a single fixed loss, {@code 1/n} each for {@code al1}. */
public final class FixedWeights<T extends TFloating> implements LossWeighting<T> {

    private final float[] weights;

    public FixedWeights(int candidates) {
        this.weights = new float[candidates];
        Arrays.fill(weights, 1f / candidates);
    }

    @Override
    public Operand<T> weights(Pass<T> pass, LossInputs<T> in, Operand<T> temperature) {
        Ops tf = pass.net().tf();
        Operand<T> row = pass.net().cast(tf.constant(new float[][] {weights}));
        return tf.tile(row, tf.stack(List.of(in.batchSize(), tf.constant(1))));
    }
}
