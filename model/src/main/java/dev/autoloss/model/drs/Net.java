package dev.autoloss.model.drs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

/**
 * The graph under construction in one number type (float32 to train, float64 for gradient checks): its ops,
 * every parameter created so far, and the per-run seed behind dropout and Gumbel noise.
 *
 * <p>All randomness is stateless: initial values derive from the build seed and a per-op salt, run-time noise
 * from the {@link #runSeed()} fed with each session run (the trainer feeds {@code {seed, step}}). So a run
 * repeats exactly, and a restored trainer continues the same random stream without saving generator state.
 */
public final class Net<T extends TFloating> {

    private final Ops tf;
    private final Class<T> type;
    private final long buildSeed;
    private final Placeholder<TInt64> runSeed;
    private final List<Param<T>> params = new ArrayList<>();
    private long salts;

    public Net(Graph graph, Class<T> type, long buildSeed) {
        this.tf = Ops.create(graph);
        this.type = type;
        this.buildSeed = buildSeed;
        this.runSeed = tf.withName("run_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    }

    public Ops tf() {
        return tf;
    }

    public Class<T> type() {
        return type;
    }

    public Operand<T> constant(double value) {
        return tf.constant(type, value);
    }

    public Operand<T> cast(Operand<? extends TType> x) {
        return tf.dtypes.cast(x, type);
    }

    /** A scalar of this net's type fed at run time. */
    public Placeholder<T> scalarInput(String name) {
        return tf.withName(name).placeholder(type, Placeholder.shape(Shape.scalar()));
    }

    /** Fed with every run: two int64 words ({@code {seed, step}} in the trainer). */
    public Placeholder<TInt64> runSeed() {
        return runSeed;
    }

    /** A number naming one source of noise, so that its stream is independent of every other. */
    public long newSalt() {
        return ++salts;
    }

    /**
     * Uniform [0, 1) noise of the given shape from the stream {@code salt}, repeatable for a run seed: a layer
     * keeps one salt, so its noise is the same in every graph run with the same seed.
     */
    public Operand<T> runUniform(Operand<TInt32> shape, long salt) {
        return tf.stopGradient(tf.random.statelessRandomUniform(shape, saltedSeed(salt), type));
    }

    /** The run seed of the stream {@code salt}. */
    public Operand<TInt64> saltedSeed(long salt) {
        return tf.math.add(runSeed, tf.constant(new long[] {0, 0x9E3779B97F4A7C15L * salt}));
    }

    /** The sum of same-shaped terms (or broadcastable ones). */
    @SafeVarargs
    public final Operand<T> sum(Operand<T>... terms) {
        Operand<T> total = terms[0];
        for (int i = 1; i < terms.length; i++) {
            total = tf.math.add(total, terms[i]);
        }
        return total;
    }

    /**
     * A variable holding {@code init} at start-up. A table with {@code slots > 0} stores each row as its weights
     * followed by {@code slots} equally wide blocks of optimiser state (starting at zero), so that a lazy update
     * reads and writes one contiguous row.
     */
    Param<T> create(String name, Param.Role role, Shape shape, Init init, int slots) {
        for (Param<T> existing : params) {
            if (existing.name().equals(name)) {
                throw new IllegalStateException("two parameters named " + name);
            }
        }
        Operand<T> initial = initial(shape, init);
        if (slots > 0) {
            Shape state = Shape.of(shape.get(0), shape.get(1) * slots);
            initial = tf.concat(List.of(initial, initial(state, Init.zeros())), tf.constant(1));
        }
        Param<T> param = new Param<>(name, role, shape, slots, tf.variable(initial));
        params.add(param);
        return param;
    }

    private Operand<T> initial(Shape shape, Init init) {
        return switch (init.kind()) {
            case CONSTANT -> tf.fill(tf.constant(shape), constant(init.value()));
            case UNIFORM -> {
                Operand<TInt64> seed = tf.constant(new long[] {buildSeed, newSalt()});
                Operand<T> unit = tf.random.statelessRandomUniform(tf.constant(shape), seed, type);
                yield tf.math.sub(tf.math.mul(unit, constant(2 * init.value())), constant(init.value()));
            }
        };
    }

    /** Every parameter, in creation order (the order snapshots list them). */
    public List<Param<T>> params() {
        return Collections.unmodifiableList(params);
    }
}
