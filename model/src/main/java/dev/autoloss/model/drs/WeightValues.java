package dev.autoloss.model.drs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * The values a forward pass uses for the trainable parameters: the variables themselves, or tensors computed
 * from them ({@code W - xi g}, {@code W + eps v}). A table contributes only the rows of the batch (gathered
 * once), so gradients and perturbations have the size of the batch, not of the table.
 */
public final class WeightValues<T extends TFloating> {

    private final Net<T> net;
    private final LinkedHashMap<Param<T>, Operand<T>> values;
    /** for tables read with optimiser state: the whole gathered rows (weights, then state) */
    private final Map<Param<T>, Operand<T>> storedRows;

    private WeightValues(Net<T> net, LinkedHashMap<Param<T>, Operand<T>> values, Map<Param<T>, Operand<T>> storedRows) {
        this.net = net;
        this.values = values;
        this.storedRows = storedRows;
    }

    private WeightValues(Net<T> net, LinkedHashMap<Param<T>, Operand<T>> values) {
        this(net, values, Map.of());
    }

    /**
     * The current values of {@code params}' trainable parameters; tables are read at {@code uniqueRows}
     * (a batch then addresses rows by their position in that list). {@code uniqueRows} may be null when
     * there are no tables.
     */
    public static <T extends TFloating> WeightValues<T> read(Parameters<T> params, Operand<TInt32> uniqueRows) {
        Ops tf = params.net().tf();
        LinkedHashMap<Param<T>, Operand<T>> values = new LinkedHashMap<>();
        Map<Param<T>, Operand<T>> storedRows = new LinkedHashMap<>();
        for (Param<T> param : params.trainable()) {
            if (param.role() == Param.Role.TABLE) {
                if (uniqueRows == null) {
                    throw new IllegalArgumentException("table " + param.name() + " needs the rows to read");
                }
                Operand<T> rows = tf.gather(param.variable(), uniqueRows, tf.constant(0));
                if (param.slots() > 0) {
                    storedRows.put(param, rows);
                    rows = tf.slice(rows, tf.constant(new long[] {0, 0}), tf.constant(new long[] {-1, param.shape().get(1)}));
                }
                values.put(param, rows);
            } else {
                values.put(param, param.variable());
            }
        }
        return new WeightValues<>(params.net(), values, storedRows);
    }

    public Net<T> net() {
        return net;
    }

    public Operand<T> get(Param<T> param) {
        Operand<T> value = values.get(param);
        if (value == null) {
            throw new IllegalArgumentException("no value for parameter " + param.name());
        }
        return value;
    }

    /** A table's gathered rows as stored: weights, then optimiser state (only for tables read with state). */
    public Operand<T> storedRows(Param<T> table) {
        Operand<T> rows = storedRows.get(table);
        if (rows == null) {
            throw new IllegalArgumentException("table " + table.name() + " was not read with its optimiser state");
        }
        return rows;
    }

    public List<Param<T>> params() {
        return List.copyOf(values.keySet());
    }

    public List<Operand<T>> operands() {
        return Collections.unmodifiableList(new ArrayList<>(values.values()));
    }

    /** {@code this + scale * direction}, parameter by parameter. */
    public WeightValues<T> plusScaled(Operand<T> scale, WeightValues<T> direction) {
        Ops tf = net.tf();
        LinkedHashMap<Param<T>, Operand<T>> sum = new LinkedHashMap<>();
        for (Map.Entry<Param<T>, Operand<T>> e : values.entrySet()) {
            sum.put(e.getKey(), tf.math.add(e.getValue(), tf.math.mul(scale, direction.get(e.getKey()))));
        }
        return new WeightValues<>(net, sum);
    }

    /** The same values with each table's rows (and stored rows) cut to the first {@code count}; other parameters whole. */
    public WeightValues<T> firstRows(Operand<TInt32> count) {
        Ops tf = net.tf();
        Operand<TInt32> begin = tf.constant(new int[] {0, 0});
        Operand<TInt32> size = tf.concat(List.of(tf.reshape(count, tf.constant(new int[] {1})), tf.constant(new int[] {-1})), tf.constant(0));
        LinkedHashMap<Param<T>, Operand<T>> cut = new LinkedHashMap<>();
        values.forEach((param, value) -> cut.put(param, param.role() == Param.Role.TABLE ? tf.slice(value, begin, size) : value));
        Map<Param<T>, Operand<T>> cutStored = new LinkedHashMap<>();
        storedRows.forEach((table, rows) -> cutStored.put(table, tf.slice(rows, begin, size)));
        return new WeightValues<>(net, cut, cutStored);
    }

    /** The gradient of {@code loss} with respect to each of these values. */
    public WeightValues<T> gradientsOf(Operand<T> loss) {
        Gradients gradients = net.tf().gradients(loss, values.values());
        LinkedHashMap<Param<T>, Operand<T>> result = new LinkedHashMap<>();
        int i = 0;
        for (Param<T> param : values.keySet()) {
            result.put(param, gradients.<T>dy(i++));
        }
        return new WeightValues<>(net, result);
    }

    /** The same values with gradients blocked. */
    public WeightValues<T> stopGradient() {
        LinkedHashMap<Param<T>, Operand<T>> result = new LinkedHashMap<>();
        values.forEach((param, value) -> result.put(param, net.tf().stopGradient(value)));
        return new WeightValues<>(net, result);
    }

    /** The sum of squares of every element. */
    public Operand<T> squaredNorm() {
        Ops tf = net.tf();
        List<Operand<T>> parts = new ArrayList<>();
        for (Operand<T> value : values.values()) {
            parts.add(sumAll(tf, tf.math.mul(value, value)));
        }
        return tf.math.addN(parts);
    }

    /** The sum of every element: finite exactly when no element is NaN or infinite (or the sum overflows). */
    public Operand<T> sum() {
        Ops tf = net.tf();
        List<Operand<T>> parts = new ArrayList<>();
        for (Operand<T> value : values.values()) {
            parts.add(sumAll(tf, value));
        }
        return tf.math.addN(parts);
    }

    private static <T extends TFloating> Operand<T> sumAll(Ops tf, Operand<T> x) {
        return tf.reduceSum(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
    }
}
