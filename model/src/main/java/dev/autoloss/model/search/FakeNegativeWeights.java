package dev.autoloss.model.search;

import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.loss.LossInputs;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Fake-negative weighting (Ktena et al. 2019, "Addressing delayed feedback for continuous training with neural
 * networks in CTR prediction"): where every click is ingested as a negative first and again as a positive when it
 * converts, positives weigh {@code 1 + p} and negatives {@code (1 - p)(1 + p)}, {@code p} the predicted probability
 * behind stop-gradient; in expectation the cross-entropy on the true labels.
 */
public final class FakeNegativeWeights<T extends TFloating> implements LossWeighting<T> {

    private final int candidates;

    public FakeNegativeWeights(int candidates) {
        this.candidates = candidates;
    }

    @Override
    public Operand<T> weights(Pass<T> pass, LossInputs<T> in, Operand<T> temperature) {
        Ops tf = in.net().tf();
        Operand<T> one = in.net().constant(1);
        Operand<T> y = in.clicks();
        Operand<T> onePlusP = tf.math.add(one, in.clickProbability());
        Operand<T> negative = tf.math.mul(tf.math.sub(one, in.clickProbability()), onePlusP);
        return ExampleWeights.of(in, tf.math.add(tf.math.mul(y, onePlusP), tf.math.mul(tf.math.sub(one, y), negative)), candidates);
    }
}
