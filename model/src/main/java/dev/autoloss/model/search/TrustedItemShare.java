package dev.autoloss.model.search;

import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.loss.LossInputs;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.family.TFloating;

/**
 * {@code item-trust}: a positive weighted by the share of its item's observed positives that the trusted (validation)
 * labels confirm, at most 1; negatives weigh 1. Where false positives concentrate on some items, those items' clicks
 * count for what they are worth. Hand-made, not learned: the baseline that shows what the item's statistics can give.
 */
public final class TrustedItemShare<T extends TFloating> implements LossWeighting<T> {

    private final int shareColumn;
    private final int candidates;

    /** @param shareColumn where the trusted share is in each example's {@link LossInputs#context()} */
    public TrustedItemShare(int shareColumn, int candidates) {
        this.shareColumn = shareColumn;
        this.candidates = candidates;
    }

    @Override
    public Operand<T> weights(Pass<T> pass, LossInputs<T> in, Operand<T> temperature) {
        Ops tf = in.net().tf();
        Operand<T> share = tf.squeeze(tf.gather(in.context(), tf.constant(new int[] {shareColumn}), tf.constant(1)),
                Squeeze.axis(1L));
        Operand<T> y = in.clicks();
        Operand<T> weight = tf.math.add(tf.math.mul(y, share), tf.math.sub(in.net().constant(1), y));
        return ExampleWeights.of(in, weight, candidates);
    }
}
