package dev.autoloss.model.train;

import dev.autoloss.model.drs.Net;
import dev.autoloss.model.drs.Param;
import dev.autoloss.model.drs.Parameters;
import dev.autoloss.model.drs.WeightValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Adam (Kingma and Ba) for one part of the network, written as graph ops: TensorFlow's fused {@code ApplyAdam}
 * for dense weights, and for tables a lazy Adam on the batch's rows only (TensorFlow has no sparse Adam
 * kernel): each table row stores its weights and both moments side by side ({@link #TABLE_SLOTS}), so the rows
 * the forward pass gathered already hold the moments, and one scatter writes all three back. Both follow ApplyAdam's formula,
 * {@code w -= lr sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)}, with the global step t.
 *
 * <p>Every step is gated: where {@code apply} is false every variable and moment keeps its exact value, so a
 * batch with a non-finite loss or gradient changes nothing.
 */
final class Adam<T extends TFloating> {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    /** the blocks of state a table row carries after its weights: first moment, second moment */
    static final int TABLE_SLOTS = 2;

    private record Moments<T extends TFloating>(Param<T> first, Param<T> second) {}

    private final Net<T> net;
    private final double learningRate;
    private final Map<Param<T>, Moments<T>> moments = new LinkedHashMap<>();
    private final Placeholder<T> beta1Power;
    private final Placeholder<T> beta2Power;

    Adam(Parameters<T> params, double learningRate) {
        this.net = params.net();
        this.learningRate = learningRate;
        for (Param<T> param : params.trainable()) {
            if (param.role() == Param.Role.TABLE) {
                if (param.slots() != TABLE_SLOTS) {
                    throw new IllegalArgumentException("table " + param.name() + " stores " + param.slots() + " state blocks per row; Adam needs " + TABLE_SLOTS);
                }
            } else {
                moments.put(param, new Moments<>(params.slot(param, "adam_m"), params.slot(param, "adam_v")));
            }
        }
        this.beta1Power = net.scalarInput(params.prefix() + "_adam_beta1_power");
        this.beta2Power = net.scalarInput(params.prefix() + "_adam_beta2_power");
    }

    /** {@code beta1^t}, fed per step. */
    Placeholder<T> beta1Power() {
        return beta1Power;
    }

    /** {@code beta2^t}, fed per step. */
    Placeholder<T> beta2Power() {
        return beta2Power;
    }

    /** {@code beta^t} for step {@code t} (1-based). */
    static double power(double beta, long t) {
        return Math.pow(beta, t);
    }

    /**
     * The update of every parameter in {@code values} by {@code gradients}, plus {@code weightDecay * w}
     * (L2, as PyTorch's Adam does).
     *
     * @param rows   the table rows {@code values} holds for tables (null when there are none)
     * @param writes builds the ops that write variables (carrying the control dependencies that order them after every read)
     */
    List<Op> step(WeightValues<T> values, WeightValues<T> gradients, Operand<TInt32> rows, Operand<TBool> apply, double weightDecay, Ops writes) {
        Ops tf = net.tf();
        Operand<T> applied = net.cast(apply);
        Operand<T> lr = tf.select(apply, net.constant(learningRate), net.constant(0));
        Operand<T> beta1 = tf.select(apply, net.constant(BETA1), net.constant(1));
        Operand<T> beta2 = tf.select(apply, net.constant(BETA2), net.constant(1));
        Operand<T> epsilon = net.constant(EPSILON);
        List<Op> updates = new ArrayList<>();
        for (Param<T> param : values.params()) {
            Operand<T> value = values.get(param);
            // a non-finite gradient becomes zero, so the gated formulas below multiply finite numbers only
            Operand<T> gradient = tf.math.mulNoNan(gradients.get(param), applied);
            if (weightDecay > 0) {
                gradient = tf.math.add(gradient, tf.math.mul(net.constant(weightDecay), value));
            }
            if (param.role() == Param.Role.TABLE) {
                updates.add(lazyStep(param, values.storedRows(param), gradient, rows, lr, beta1, beta2, epsilon, writes));
            } else {
                Moments<T> m = moments.get(param);
                updates.add(writes.train.applyAdam(param.variable(), m.first().variable(), m.second().variable(),
                        beta1Power, beta2Power, lr, beta1, beta2, epsilon, gradient));
            }
        }
        return updates;
    }

    /** ApplyAdam's formula on the gathered {@code [U, 3 width]} rows (weights, first moment, second moment), scattered back whole. */
    private Op lazyStep(Param<T> table, Operand<T> stored, Operand<T> gradient, Operand<TInt32> rows,
                        Operand<T> lr, Operand<T> beta1, Operand<T> beta2, Operand<T> epsilon, Ops writes) {
        Ops tf = net.tf();
        long width = table.shape().get(1);
        Operand<T> one = net.constant(1);
        Operand<T> weights = columns(stored, 0, width);
        Operand<T> first = columns(stored, width, width);
        Operand<T> second = columns(stored, 2 * width, width);
        Operand<T> newFirst = tf.math.add(first, tf.math.mul(tf.math.sub(gradient, first), tf.math.sub(one, beta1)));
        Operand<T> newSecond = tf.math.add(second, tf.math.mul(tf.math.sub(tf.math.mul(gradient, gradient), second), tf.math.sub(one, beta2)));
        Operand<T> alpha = tf.math.div(tf.math.mul(lr, tf.math.sqrt(tf.math.sub(one, beta2Power))), tf.math.sub(one, beta1Power));
        Operand<T> step = tf.math.div(tf.math.mul(newFirst, alpha), tf.math.add(tf.math.sqrt(newSecond), epsilon));
        Operand<T> updated = tf.concat(List.of(tf.math.sub(weights, step), newFirst, newSecond), tf.constant(1));
        return writes.scatterUpdate(table.variable(), rows, updated);
    }

    private Operand<T> columns(Operand<T> x, long from, long width) {
        Ops tf = net.tf();
        return tf.slice(x, tf.constant(new long[] {0, from}), tf.constant(new long[] {-1, width}));
    }
}
