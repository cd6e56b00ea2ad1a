package dev.autoloss.model.loss;

import dev.autoloss.model.CliNames;
import dev.autoloss.model.drs.Net;
import dev.autoloss.model.features.Task;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The candidate losses, per example and unreduced ({@code [B]}), as docs/algorithm.md defines them. Classification
 * losses read clamped probabilities, so binary and K-class share one formula where the paper's do.
 */
public enum CandidateLoss {

    /** {@code -log p_t} (binary: {@code -(y log p + (1-y) log(1-p))}). */
    CE {
        @Override
        public <T extends TFloating> Operand<T> perExample(LossInputs<T> in) {
            Ops tf = in.net().tf();
            return tf.math.neg(tf.math.log(in.targetProbability()));
        }
    },

    /** {@code -a_t (1-p_t)^2 log p_t}; {@code a_t} = 0.25 for a positive, 0.75 for a negative (binary), 1 for K classes. */
    FOCAL {
        @Override
        public <T extends TFloating> Operand<T> perExample(LossInputs<T> in) {
            Net<T> net = in.net();
            Ops tf = net.tf();
            Operand<T> pt = in.targetProbability();
            Operand<T> miss = tf.math.sub(net.constant(1), pt);
            Operand<T> focal = tf.math.mul(tf.math.mul(miss, miss), tf.math.neg(tf.math.log(pt)));
            if (in.task() != Task.BINARY) {
                return focal;
            }
            Operand<T> alpha = in.sumOverClasses(tf.math.mul(in.targets(), net.cast(tf.constant(new float[] {1 - FOCAL_ALPHA, FOCAL_ALPHA}))));
            return tf.math.mul(alpha, focal);
        }
    },

    /** {@code KL(y_s || p)} with the target smoothed to {@code onehot * (1 - s) + s / C}, {@code s = 0.05}. */
    KL {
        @Override
        public <T extends TFloating> Operand<T> perExample(LossInputs<T> in) {
            Net<T> net = in.net();
            Ops tf = net.tf();
            Operand<T> targets = in.targets();
            Operand<T> classes = net.cast(tf.gather(tf.shape(targets), tf.constant(1), tf.constant(0)));
            Operand<T> smoothed = tf.math.add(tf.math.mul(targets, net.constant(1 - SMOOTHING)), tf.math.div(net.constant(SMOOTHING), classes));
            return in.sumOverClasses(tf.math.mul(smoothed, tf.math.sub(tf.math.log(smoothed), tf.math.log(in.probabilities()))));
        }
    },

    /** {@code max(0, 1 + max_{j != t} p_j - p_t)} (binary: {@code max(0, 1 - (2y-1)(2p-1))}, the same number). */
    HINGE {
        @Override
        public <T extends TFloating> Operand<T> perExample(LossInputs<T> in) {
            Net<T> net = in.net();
            Ops tf = net.tf();
            Operand<T> targets = in.targets();
            // the true class scores -1, below every clamped probability, so the max is over the other classes
            Operand<T> others = tf.math.sub(tf.math.mul(in.probabilities(), tf.math.sub(net.constant(1), targets)), targets);
            Operand<T> bestOther = tf.reduceMax(others, tf.constant(1));
            return tf.nn.relu(tf.math.add(net.constant(1), tf.math.sub(bestOther, in.targetProbability())));
        }
    },

    /** {@code (prediction - y)^2}. */
    MSE {
        @Override
        public <T extends TFloating> Operand<T> perExample(LossInputs<T> in) {
            Operand<T> r = in.residual();
            return in.net().tf().math.mul(r, r);
        }
    },

    /** {@code |prediction - y|}. */
    MAE {
        @Override
        public <T extends TFloating> Operand<T> perExample(LossInputs<T> in) {
            return in.net().tf().math.abs(in.residual());
        }
    },

    /** Huber with {@code delta = 1}: {@code r^2 / 2} within 1, {@code |r| - 1/2} beyond. */
    HUBER {
        @Override
        public <T extends TFloating> Operand<T> perExample(LossInputs<T> in) {
            Net<T> net = in.net();
            Ops tf = net.tf();
            Operand<T> size = tf.math.abs(in.residual());
            Operand<T> inner = tf.math.minimum(size, net.constant(1));
            return tf.math.add(tf.math.mul(net.constant(0.5), tf.math.mul(inner, inner)), tf.math.sub(size, inner));
        }
    };

    static final float FOCAL_ALPHA = 0.25f;
    static final double SMOOTHING = 0.05;

    /** {@code [B]} loss of each example. */
    public abstract <T extends TFloating> Operand<T> perExample(LossInputs<T> in);

    public boolean supports(Task task) {
        boolean regression = this == MSE || this == MAE || this == HUBER;
        return regression == (task == Task.REGRESSION);
    }

    /** The name on the command line: {@code ce}, {@code focal}, ... */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CandidateLoss byName(String name) {
        return CliNames.byName(values(), CandidateLoss::cliName, "loss", name);
    }

    /** The paper's four for classification ({@code focal, kl, hinge, ce}); {@code mse, mae, huber} for regression. */
    public static List<CandidateLoss> defaults(Task task) {
        return task == Task.REGRESSION ? List.of(MSE, MAE, HUBER) : List.of(FOCAL, KL, HINGE, CE);
    }

    /** The loss the controller's validation objective uses: cross-entropy, or squared error for regression. */
    public static CandidateLoss validation(Task task) {
        return task == Task.REGRESSION ? MSE : CE;
    }
}
