package dev.autoloss.model.search;

import dev.autoloss.model.loss.LossInputs;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** The {@code [B, n]} weights of a method that weights each example's single loss: one weight per example, the same for every candidate. */
final class ExampleWeights {

    private ExampleWeights() {}

    /** {@code perExample} ({@code [B]}) behind stop-gradient, repeated over {@code candidates} columns. */
    static <T extends TFloating> Operand<T> of(LossInputs<T> in, Operand<T> perExample, int candidates) {
        Ops tf = in.net().tf();
        Operand<T> column = tf.expandDims(tf.stopGradient(perExample), tf.constant(1));
        return candidates == 1 ? column : tf.tile(column, tf.constant(new int[] {1, candidates}));
    }
}
