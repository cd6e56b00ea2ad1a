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
 * for dense weights, and for tables a lazy Adam that gathers the batch's rows and their moments, updates
 * them and scatters them back (TensorFlow has no sparse Adam kernel). Both follow ApplyAdam's formula,
 * {@code w -= lr sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)}, with the global step t.
 *
 * <p>Every step is gated: where {@code apply} is false every variable and moment keeps its exact value, so a
 * batch with a non-finite loss or gradient changes nothing.
 */
final class Adam<T extends TFloating> {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

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
            moments.put(param, new Moments<>(params.slot(param, "adam_m"), params.slot(param, "adam_v")));
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
            Moments<T> m = moments.get(param);
            Operand<T> value = values.get(param);
            // a non-finite gradient becomes zero, so the gated formulas below multiply finite numbers only
            Operand<T> gradient = tf.math.mulNoNan(gradients.get(param), applied);
            if (weightDecay > 0) {
                gradient = tf.math.add(gradient, tf.math.mul(net.constant(weightDecay), value));
            }
            if (param.role() == Param.Role.TABLE) {
                updates.addAll(lazyStep(param, m, value, gradient, rows, lr, beta1, beta2, epsilon, writes));
            } else {
                updates.add(writes.train.applyAdam(param.variable(), m.first().variable(), m.second().variable(),
                        beta1Power, beta2Power, lr, beta1, beta2, epsilon, gradient));
            }
        }
        return updates;
    }

    private List<Op> lazyStep(Param<T> table, Moments<T> m, Operand<T> rowValues, Operand<T> gradient, Operand<TInt32> rows,
                              Operand<T> lr, Operand<T> beta1, Operand<T> beta2, Operand<T> epsilon, Ops writes) {
        Ops tf = net.tf();
        Operand<T> one = net.constant(1);
        Operand<T> first = tf.gather(m.first().variable(), rows, tf.constant(0));
        Operand<T> second = tf.gather(m.second().variable(), rows, tf.constant(0));
        Operand<T> newFirst = tf.math.add(first, tf.math.mul(tf.math.sub(gradient, first), tf.math.sub(one, beta1)));
        Operand<T> newSecond = tf.math.add(second, tf.math.mul(tf.math.sub(tf.math.mul(gradient, gradient), second), tf.math.sub(one, beta2)));
        Operand<T> alpha = tf.math.div(tf.math.mul(lr, tf.math.sqrt(tf.math.sub(one, beta2Power))), tf.math.sub(one, beta1Power));
        Operand<T> step = tf.math.div(tf.math.mul(newFirst, alpha), tf.math.add(tf.math.sqrt(newSecond), epsilon));
        return List.of(
                writes.scatterUpdate(table.variable(), rows, tf.math.sub(rowValues, step)),
                writes.scatterUpdate(m.first().variable(), rows, newFirst),
                writes.scatterUpdate(m.second().variable(), rows, newSecond));
    }
}
