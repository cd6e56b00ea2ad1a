package dev.autoloss.model.search;

import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.loss.LossInputs;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * R-CE (Wang et al. 2021, "Denoising implicit feedback"): a positive weighted by its predicted click probability to the
 * power {@code beta} (behind stop-gradient), so that positives the model finds unlikely (false ones, often) count less;
 * negatives weight 1. As {@code p_t^(beta y)}: {@code p^beta} for a click, 1 otherwise.
 */
public final class ReweightedPositives<T extends TFloating> implements LossWeighting<T> {

    private final double beta;
    private final int candidates;

    public ReweightedPositives(double beta, int candidates) {
        this.beta = beta;
        this.candidates = candidates;
    }

    @Override
    public Operand<T> weights(Pass<T> pass, LossInputs<T> in, Operand<T> temperature) {
        Ops tf = in.net().tf();
        Operand<T> exponent = tf.math.mul(in.clicks(), in.net().constant(beta));
        return ExampleWeights.of(in, tf.math.pow(in.clickProbability(), exponent), candidates);
    }
}
