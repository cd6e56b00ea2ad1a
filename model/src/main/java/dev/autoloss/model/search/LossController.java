package dev.autoloss.model.search;

import dev.autoloss.model.drs.MultiLayerPerceptron;
import dev.autoloss.model.drs.Net;
import dev.autoloss.model.drs.Parameters;
import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.loss.LossInputs;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * AutoLoss's controller: an MLP over {@code [onehot(y), p]} gives {@code alpha = softmax(.)} over the
 * candidates; with Gumbel-softmax the weights are {@code softmax((log alpha + g) / tau)},
 * {@code g = -log(-log u)}, otherwise {@code alpha} itself ({@code al2}).
 */
public final class LossController<T extends TFloating> implements LossWeighting<T> {

    /** keeps {@code log u} finite */
    private static final double SMALLEST_UNIFORM = 1e-20;

    private final MultiLayerPerceptron<T> mlp;
    private final boolean gumbel;
    private final long noiseSalt;

    public LossController(Parameters<T> params, int inputs, int candidates, List<Integer> hidden, double dropout, boolean gumbel) {
        this.mlp = new MultiLayerPerceptron<>(params, "mlp", inputs, hidden, dropout, candidates, false);
        this.gumbel = gumbel;
        this.noiseSalt = params.net().newSalt();
    }

    @Override
    public Operand<T> weights(Pass<T> pass, LossInputs<T> in, Operand<T> temperature) {
        Net<T> net = pass.net();
        Ops tf = net.tf();
        Operand<T> logAlpha = tf.nn.logSoftmax(mlp.apply(pass, in.controllerFeatures()));
        if (!gumbel) {
            return tf.math.exp(logAlpha);
        }
        Operand<T> u = tf.math.maximum(net.runUniform(tf.shape(logAlpha), noiseSalt), net.constant(SMALLEST_UNIFORM));
        Operand<T> noise = tf.stopGradient(tf.math.neg(tf.math.log(tf.math.neg(tf.math.log(u)))));
        return tf.nn.softmax(tf.math.div(tf.math.add(logAlpha, noise), temperature));
    }
}
