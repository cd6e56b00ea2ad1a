package dev.autoloss.model.search;

import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.loss.LossInputs;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.family.TFloating;

/**
 * {@code item-trust}: forward loss correction for false clicks whose rate {@code f} depends on the item, estimated from
 * the trusted (validation) labels. The model's clean click probability {@code p} is trained through the probability of
 * an observed click, {@code p' = f + (1 - f) p}, with cross-entropy on the observed labels, whose minimum is at the
 * clean {@code p}. Its gradient is cross-entropy's with each positive weighted by {@code (1 - f) p / p'} (the posterior
 * that the click is real, times {@code 1 - f}) and negatives by 1, so it is written as those weights. Hand-made, not
 * learned: what the item's statistics can give.
 */
public final class FalseClickCorrection<T extends TFloating> implements LossWeighting<T> {

    private final int falseClickColumn;
    private final int candidates;

    /** @param falseClickColumn where the item's false-click rate is in each example's {@link LossInputs#context()} */
    public FalseClickCorrection(int falseClickColumn, int candidates) {
        this.falseClickColumn = falseClickColumn;
        this.candidates = candidates;
    }

    @Override
    public Operand<T> weights(Pass<T> pass, LossInputs<T> in, Operand<T> temperature) {
        Ops tf = in.net().tf();
        Operand<T> one = in.net().constant(1);
        Operand<T> f = tf.squeeze(tf.gather(in.context(), tf.constant(new int[] {falseClickColumn}), tf.constant(1)), Squeeze.axis(1L));
        Operand<T> real = tf.math.mul(tf.math.sub(one, f), in.clickProbability());
        Operand<T> positive = tf.math.div(real, tf.math.add(f, real));
        Operand<T> y = in.clicks();
        Operand<T> weight = tf.math.add(tf.math.mul(y, positive), tf.math.sub(one, y));
        return ExampleWeights.of(in, weight, candidates);
    }
}
