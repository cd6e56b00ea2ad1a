package dev.autoloss.model.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;

/**
 * A float64 graph for numerical checks: evaluates tensors as double arrays, overwrites variables, and feeds the
 * same inputs to every run (a fixed run seed, fixed data), so a function of the variables can be differentiated
 * by finite differences.
 */
public final class Float64Session implements AutoCloseable {

    private final Graph graph;
    private final Ops tf;
    private Session session;
    private final Map<Operand<?>, double[]> standingFeeds = new LinkedHashMap<>();
    private final Map<Operand<?>, long[]> standingSeeds = new LinkedHashMap<>();
    private final Map<Variable<TFloat64>, Op> assigns = new HashMap<>();
    private final Map<Variable<TFloat64>, Placeholder<TFloat64>> assignInputs = new HashMap<>();

    public Float64Session() {
        this.graph = new Graph();
        this.tf = Ops.create(graph);
    }

    public Graph graph() {
        return graph;
    }

    /** Feeds {@code values} to {@code input} (whose shape must be fully known) in every run. */
    public void feedAlways(Operand<?> input, double[] values) {
        standingFeeds.put(input, values);
    }

    public void feedAlways(Operand<TInt64> input, long... values) {
        standingSeeds.put(input, values);
    }

    /**
     * Starts the session and runs the variables' initialisers; call after the graph is built. Grappler is off:
     * checks fetch many different tensors once each, and optimising each run's graph would cost more than running it.
     */
    public void start() {
        session = new Session(graph, ConfigProto.newBuilder()
                .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
                .build());
        session.initialize();
    }

    public double[] values(Operand<?> x) {
        Session.Runner runner = session.runner();
        List<Tensor> owned = new ArrayList<>();
        try {
            feed(runner, owned);
            try (Result result = runner.fetch(x).run()) {
                Tensor t = result.get(0);
                double[] out = new double[(int) t.shape().size()];
                t.asRawTensor().data().asDoubles().read(out);
                return out;
            }
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    /** Runs {@code targets} (with the standing feeds). */
    public void run(List<? extends Op> targets) {
        Session.Runner runner = session.runner();
        List<Tensor> owned = new ArrayList<>();
        try {
            feed(runner, owned);
            targets.forEach(runner::addTarget);
            runner.run().close();
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    public double scalar(Operand<?> x) {
        return values(x)[0];
    }

    private void feed(Session.Runner runner, List<Tensor> owned) {
        standingFeeds.forEach((input, values) -> {
            Tensor t = TFloat64.tensorOf(input.shape(), DataBuffers.of(values, true, false));
            owned.add(t);
            runner.feed(input, t);
        });
        standingSeeds.forEach((input, values) -> {
            Tensor t = TInt64.vectorOf(values);
            owned.add(t);
            runner.feed(input, t);
        });
    }

    /** Overwrites a variable with {@code values} (row-major). */
    public void assign(Variable<TFloat64> variable, double[] values) {
        Placeholder<TFloat64> input = assignInputs.computeIfAbsent(variable, v -> tf.placeholder(TFloat64.class, Placeholder.shape(v.shape())));
        Op assign = assigns.computeIfAbsent(variable, v -> tf.assign(v, input));
        try (TFloat64 t = TFloat64.tensorOf(variable.shape(), DataBuffers.of(values, true, false))) {
            session.runner().feed(input, t).addTarget(assign).run().close();
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
        graph.close();
    }
}
