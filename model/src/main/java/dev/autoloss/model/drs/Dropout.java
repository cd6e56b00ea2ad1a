package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.family.TFloating;

/**
 * Zeroes each activation with probability {@code rate} and scales the rest by {@code 1/(1-rate)}, when the pass
 * trains. Each keep/drop decision compares 16 random bits with a threshold, so one 32-bit draw serves two
 * activations (random generation is a visible share of a training step); the drop probability is then
 * {@code round(rate * 65536) / 65536}, within 8e-6 of {@code rate}.
 */
public final class Dropout<T extends TFloating> {

    private static final int LEVELS = 1 << 16;

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
        Operand<TInt32> shape = tf.shape(x);
        Operand<TInt32> size = tf.reshape(tf.reduceProd(shape, tf.constant(0)), tf.constant(new int[] {1}));
        Operand<TInt32> draws = tf.math.floorDiv(tf.math.add(size, tf.constant(1)), tf.constant(2));
        Operand<TInt32> bits = tf.random.statelessRandomUniformFullInt(draws, net.saltedSeed(salt), TInt32.class);
        Operand<TUint16> halves = tf.reshape(tf.bitcast(bits, TUint16.class), tf.constant(new int[] {-1}));
        Operand<TInt32> level = tf.dtypes.cast(tf.reshape(tf.slice(halves, tf.constant(new int[] {0}), size), shape), TInt32.class);
        Operand<T> kept = net.cast(tf.math.greaterEqual(level, tf.constant((int) Math.round(rate * LEVELS))));
        return tf.math.mul(x, tf.stopGradient(tf.math.div(kept, net.constant(1 - rate))));
    }
}
