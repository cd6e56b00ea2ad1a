package dev.autoloss.model.loss;

import dev.autoloss.model.drs.Net;
import dev.autoloss.model.features.Task;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * What the candidate losses read. Classification in one form for both tasks: class probabilities
 * {@code [B, C]} clamped to {@code [1e-7, 1 - 1e-7]} and one-hot targets {@code [B, C]}, where binary is
 * {@code C = 2} with {@code p = [1 - p, p]} (so {@code -log p_t} is the binary cross-entropy).
 * Regression: prediction and target {@code [B]}.
 */
public final class LossInputs<T extends TFloating> {

    static final double CLAMP = 1e-7;

    private final Net<T> net;
    private final Task task;
    private final Operand<T> probabilities;
    private final Operand<T> targets;
    private final Operand<T> prediction;
    private final Operand<T> label;
    private final Operand<T> context;

    private LossInputs(Net<T> net, Task task, Operand<T> probabilities, Operand<T> targets, Operand<T> prediction, Operand<T> label,
                       Operand<T> context) {
        this.net = net;
        this.task = task;
        this.probabilities = probabilities;
        this.targets = targets;
        this.prediction = prediction;
        this.label = label;
        this.context = context;
    }

    private LossInputs(Net<T> net, Task task, Operand<T> probabilities, Operand<T> targets, Operand<T> prediction, Operand<T> label) {
        this(net, task, probabilities, targets, prediction, label, null);
    }

    /** The same inputs with {@code [B, k]} {@link #context()}. */
    public LossInputs<T> withContext(Operand<T> context) {
        return new LossInputs<>(net, task, probabilities, targets, prediction, label, context);
    }

    /**
     * @param predictions {@code [B, outputs]} from the output head (probability of 1, class probabilities, or value)
     * @param labels      {@code [B]}: 0/1, class index, or value
     */
    public static <T extends TFloating> LossInputs<T> of(Net<T> net, Task task, int classes, Operand<T> predictions, Operand<T> labels) {
        Ops tf = net.tf();
        Operand<T> one = net.constant(1);
        return switch (task) {
            case BINARY -> {
                Operand<T> y = tf.expandDims(labels, tf.constant(1));
                Operand<T> probabilities = tf.concat(List.of(tf.math.sub(one, predictions), predictions), tf.constant(1));
                Operand<T> targets = tf.concat(List.of(tf.math.sub(one, y), y), tf.constant(1));
                yield new LossInputs<>(net, task, clamp(net, probabilities), targets, null, null);
            }
            case MULTICLASS -> {
                Operand<T> targets = tf.oneHot(tf.dtypes.cast(labels, TInt32.class), tf.constant(classes), one, net.constant(0));
                yield new LossInputs<>(net, task, clamp(net, predictions), targets, null, null);
            }
            case REGRESSION -> new LossInputs<>(net, task, null, null, tf.reshape(predictions, tf.constant(new int[] {-1})), labels);
        };
    }

    private static <T extends TFloating> Operand<T> clamp(Net<T> net, Operand<T> p) {
        Ops tf = net.tf();
        return tf.math.maximum(tf.math.minimum(p, net.constant(1 - CLAMP)), net.constant(CLAMP));
    }

    public Net<T> net() {
        return net;
    }

    public Task task() {
        return task;
    }

    public boolean classification() {
        return task != Task.REGRESSION;
    }

    /** {@code [B, C]} clamped class probabilities. */
    public Operand<T> probabilities() {
        return requireClassification(probabilities);
    }

    /** {@code [B, C]} one-hot targets. */
    public Operand<T> targets() {
        return requireClassification(targets);
    }

    /** {@code [B]} probability of the true class, {@code p_t}. */
    public Operand<T> targetProbability() {
        Ops tf = net.tf();
        return tf.reduceSum(tf.math.mul(probabilities(), targets()), tf.constant(1));
    }

    /** {@code [B]} binary labels, 0 or 1. */
    public Operand<T> clicks() {
        return column(targets(), 1);
    }

    /** {@code [B]} clamped probability of a click (binary). */
    public Operand<T> clickProbability() {
        return column(probabilities(), 1);
    }

    private Operand<T> column(Operand<T> x, int c) {
        if (task != Task.BINARY) {
            throw new IllegalStateException("a click's label and probability need the binary task, not " + task);
        }
        Ops tf = net.tf();
        return tf.gather(x, tf.constant(c), tf.constant(1));
    }

    /** The number of examples, B, as a scalar. */
    public Operand<TInt32> batchSize() {
        Ops tf = net.tf();
        Operand<T> any = classification() ? targets : label;
        return tf.gather(tf.shape(any), tf.constant(0), tf.constant(0));
    }

    /** {@code [B]} regression residual {@code prediction - target}. */
    public Operand<T> residual() {
        if (prediction == null) {
            throw new IllegalStateException("a residual needs the regression task, not " + task);
        }
        return net.tf().math.sub(prediction, label);
    }

    /**
     * The loss controller's view of each example, predictions held constant: {@code [onehot(y), p]}
     * ({@code [1-y, y, 1-p, p]} for binary, {@code 2K} values for K classes), or {@code [y, prediction]} for regression.
     */
    public Operand<T> controllerFeatures() {
        Ops tf = net.tf();
        if (classification()) {
            return tf.concat(List.of(targets, tf.stopGradient(probabilities)), tf.constant(1));
        }
        return tf.stack(List.of(label, tf.stopGradient(prediction)), org.tensorflow.op.core.Stack.axis(1L));
    }

    /**
     * {@code [B, k]} what a weighting may know of each example besides its label and prediction, fed with the batch (the
     * running label statistics of its item, for {@code autoloss-item}); constant.
     */
    public Operand<T> context() {
        if (context == null) {
            throw new IllegalStateException("these loss inputs have no per-example context");
        }
        return context;
    }

    /** Width of {@link #controllerFeatures()}. */
    public static int controllerFeatureCount(Task task, int classes) {
        return switch (task) {
            case BINARY -> 4;
            case MULTICLASS -> 2 * classes;
            case REGRESSION -> 2;
        };
    }

    Operand<T> sumOverClasses(Operand<T> x) {
        return net.tf().reduceSum(x, net.tf().constant(1), ReduceSum.keepDims(false));
    }

    private Operand<T> requireClassification(Operand<T> x) {
        if (x == null) {
            throw new IllegalStateException("class probabilities need a classification task, not " + task);
        }
        return x;
    }
}
