package dev.autoloss.model.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * One session run being prepared: the tensors it feeds (built from primitive arrays in one copy each, in the
 * graph's number type) are closed with it.
 */
final class Feed implements AutoCloseable {

    private record Input(Operand<?> operand, Tensor tensor) {}

    private final Session session;
    private final Session.Runner runner;
    private final Class<? extends TFloating> type;
    private final List<Input> inputs = new ArrayList<>();
    private RunProfile profile;
    private RunProfile.Kind kind;
    private long preparedSince;

    Feed(Session session, Class<? extends TFloating> type) {
        this.session = session;
        this.runner = session.runner();
        this.type = type;
    }

    /** The run being prepared: add fetches and targets, then {@link #run()}. */
    Session.Runner runner() {
        return runner;
    }

    /** Another run with the same inputs and nothing else (to fetch more after a run). */
    Session.Runner rerun() {
        Session.Runner again = session.runner();
        inputs.forEach(input -> again.feed(input.operand(), input.tensor()));
        return again;
    }

    Feed ints(Operand<?> input, int[] values, long... shape) {
        return feed(input, TInt32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false)));
    }

    Feed longs(Operand<?> input, long... values) {
        return feed(input, TInt64.vectorOf(values));
    }

    /** A vector of the graph's number type. */
    Feed floats(Operand<?> input, float[] values) {
        return floats(input, values, values.length);
    }

    /** A tensor of the graph's number type of {@code shape}, {@code values} row-major. */
    Feed floats(Operand<?> input, float[] values, long... shape) {
        if (type == TFloat32.class) {
            return feed(input, TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false)));
        }
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return feed(input, TFloat64.tensorOf(Shape.of(shape), DataBuffers.of(wide, true, false)));
    }

    /** A scalar of the graph's number type. */
    Feed scalar(Operand<?> input, double value) {
        return feed(input, type == TFloat32.class ? TFloat32.scalarOf((float) value) : TFloat64.scalarOf(value));
    }

    Feed feed(Operand<?> input, Tensor tensor) {
        inputs.add(new Input(input, tensor));
        runner.feed(input, tensor);
        return this;
    }

    /** Counts the run in {@code profile}, where there is one, as a {@code kind} prepared since {@code preparedSince} ({@link System#nanoTime()}). */
    Feed profiledBy(RunProfile profile, RunProfile.Kind kind, long preparedSince) {
        this.profile = profile;
        this.kind = kind;
        this.preparedSince = preparedSince;
        return this;
    }

    Result run() {
        return profile == null ? runner.run() : profile.run(kind, runner, preparedSince);
    }

    @Override
    public void close() {
        inputs.forEach(input -> input.tensor().close());
    }

    /** The elements of a float32 or float64 tensor as doubles. */
    static double[] doubles(Tensor tensor) {
        int n = (int) tensor.shape().size();
        double[] out = new double[n];
        if (tensor instanceof TFloat64) {
            tensor.asRawTensor().data().asDoubles().read(out);
        } else {
            float[] narrow = new float[n];
            tensor.asRawTensor().data().asFloats().read(narrow);
            for (int i = 0; i < n; i++) {
                out[i] = narrow[i];
            }
        }
        return out;
    }

    static double scalar(Tensor tensor) {
        return doubles(tensor)[0];
    }
}
