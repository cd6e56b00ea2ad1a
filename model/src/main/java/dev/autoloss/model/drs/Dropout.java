package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** Zeroes each activation with probability {@code rate} and scales the rest by {@code 1/(1-rate)}, when the pass trains. */
public final class Dropout<T extends TFloating> {

    private final double rate;
    private final long salt;

    public Dropout(Net<T> net, double rate) {
        this.rate = rate;
        this.salt = net.newSalt();
    }

    public Operand<T> apply(Pass<T> pass, Operand<T> x) {
        if (!pass.dropoutActive() || rate == 0) {
            return x;
        }
        Net<T> net = pass.net();
        Ops tf = net.tf();
        Operand<T> kept = net.cast(tf.math.greaterEqual(net.runUniform(tf.shape(x), salt), net.constant(rate)));
        return tf.math.mul(x, tf.stopGradient(tf.math.div(kept, net.constant(1 - rate))));
    }
}
