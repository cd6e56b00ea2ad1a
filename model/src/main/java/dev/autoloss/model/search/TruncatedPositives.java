package dev.autoloss.model.search;

import dev.autoloss.model.drs.Net;
import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.loss.CandidateLoss;
import dev.autoloss.model.loss.LossInputs;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * T-CE (Wang et al. 2021, "Denoising implicit feedback"): in each batch, the {@code floor(rate * positives)} positives
 * with the largest cross-entropy get weight 0 (false positives are hard to fit, so they have large losses); every other
 * example weight 1. The rate is fed with each step ({@link DropRate}).
 */
public final class TruncatedPositives<T extends TFloating> implements LossWeighting<T> {

    private final Operand<T> dropRate;
    private final int candidates;

    /** @param dropRate the share of the batch's positives to drop, fed at run time */
    public TruncatedPositives(Operand<T> dropRate, int candidates) {
        this.dropRate = dropRate;
        this.candidates = candidates;
    }

    @Override
    public Operand<T> weights(Pass<T> pass, LossInputs<T> in, Operand<T> temperature) {
        Net<T> net = in.net();
        Ops tf = net.tf();
        Operand<T> y = in.clicks();
        Operand<T> one = net.constant(1);
        // a positive's loss (>= 0), -1 for a negative: sorted from the largest, the positives to drop come first
        Operand<T> score = tf.math.sub(tf.math.mul(y, tf.math.add(tf.stopGradient(CandidateLoss.CE.perExample(in)), one)), one);
        Operand<TInt32> order = tf.nn.topK(score, in.batchSize(), TInt32.class).indices();
        Operand<T> rank = net.cast(tf.math.invertPermutation(order));
        Operand<T> dropped = tf.math.floor(tf.math.mul(dropRate, tf.reduceSum(y, tf.constant(0))));
        return ExampleWeights.of(in, net.cast(tf.math.greaterEqual(rank, dropped)), candidates);
    }
}
