package dev.autoloss.model.drs;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** Batch normalisation over the batch axis, with PyTorch's {@code BatchNorm1d} defaults. */
public final class BatchNorm<T extends TFloating> {

    static final double EPSILON = 1e-5;
    static final double MOMENTUM = 0.1;

    private final Param<T> gamma;
    private final Param<T> beta;
    private final Param<T> runningMean;
    private final Param<T> runningVariance;

    /** {@code tracksRunningStatistics}: keep running averages for inference (the loss controller never infers). */
    public BatchNorm(Parameters<T> params, String name, int features, boolean tracksRunningStatistics) {
        Shape shape = Shape.of(features);
        this.gamma = params.weight(name + "/gamma", shape, Init.ones());
        this.beta = params.weight(name + "/beta", shape, Init.zeros());
        this.runningMean = tracksRunningStatistics ? params.statistic(name + "/running_mean", shape, Init.zeros()) : null;
        this.runningVariance = tracksRunningStatistics ? params.statistic(name + "/running_var", shape, Init.ones()) : null;
    }

    public Operand<T> apply(Pass<T> pass, Operand<T> x) {
        Net<T> net = pass.net();
        Ops tf = net.tf();
        BatchStatistics<T> stats = pass.statistics() == Pass.Statistics.RUNNING
                ? running()
                : pass.statisticsFor(this, () -> batchStatistics(net, x));
        Operand<T> normalized = tf.math.mul(tf.math.sub(x, stats.mean()), tf.math.rsqrt(tf.math.add(stats.variance(), net.constant(EPSILON))));
        return tf.math.add(tf.math.mul(normalized, pass.value(gamma)), pass.value(beta));
    }

    private BatchStatistics<T> running() {
        if (runningMean == null) {
            throw new IllegalStateException("this BatchNorm keeps no running statistics for inference");
        }
        return new BatchStatistics<>(runningMean.variable(), runningVariance.variable(), runningVariance.variable());
    }

    private static <T extends TFloating> BatchStatistics<T> batchStatistics(Net<T> net, Operand<T> x) {
        Ops tf = net.tf();
        Operand<T> mean = tf.math.mean(x, tf.constant(0));
        Operand<T> centered = tf.math.sub(x, mean);
        Operand<T> variance = tf.math.mean(tf.math.mul(centered, centered), tf.constant(0));
        Operand<T> n = net.cast(tf.gather(tf.shape(x), tf.constant(0), tf.constant(0)));
        Operand<T> besselCorrection = tf.math.div(n, tf.math.maximum(tf.math.sub(n, net.constant(1)), net.constant(1)));
        return new BatchStatistics<>(mean, variance, tf.math.mul(variance, besselCorrection));
    }

    /**
     * Moves the running averages toward {@code batch} by {@link #MOMENTUM} where {@code gate} is 1, and leaves
     * them exactly as they are where it is 0 (even if {@code batch} is not finite).
     *
     * @param writes builds the assignments (carrying whatever control dependencies must precede them)
     */
    public List<Op> runningAverageUpdates(Net<T> net, BatchStatistics<T> batch, Operand<T> gate, Ops writes) {
        if (runningMean == null) {
            return List.of();
        }
        return List.of(moveToward(net, runningMean, batch.mean(), gate, writes),
                moveToward(net, runningVariance, batch.unbiasedVariance(), gate, writes));
    }

    private static <T extends TFloating> Op moveToward(Net<T> net, Param<T> average, Operand<T> target, Operand<T> gate, Ops writes) {
        Ops tf = net.tf();
        Operand<T> step = tf.math.mul(tf.math.sub(target, average.variable()), net.constant(MOMENTUM));
        return writes.assign(average.variable(), tf.math.add(average.variable(), tf.math.mulNoNan(step, gate)));
    }
}
