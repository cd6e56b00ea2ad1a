package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.family.TFloating;

/** Reads and writes whole variables by parameter, in one session run each way (snapshots, tests). */
final class VariableStore {

    private record Writer(Placeholder<?> input, Op assign) {}

    private final Session session;
    private final Ops tf;
    private final Map<Param<?>, Writer> writers = new HashMap<>();

    VariableStore(Session session, Ops tf) {
        this.session = session;
        this.tf = tf;
    }

    /** The current values of {@code params}, in order; the caller closes the result. */
    Result read(List<? extends Param<?>> params) {
        Session.Runner runner = session.runner();
        for (Param<?> param : params) {
            runner.fetch(param.variable());
        }
        return runner.run();
    }

    /** Sets each parameter to its tensor (of the graph's type and the parameter's shape). */
    void write(Map<? extends Param<?>, Tensor> values) {
        Session.Runner runner = session.runner();
        values.forEach((param, tensor) -> {
            Writer writer = writers.computeIfAbsent(param, p -> writer(p));
            runner.feed(writer.input(), tensor).addTarget(writer.assign());
        });
        runner.run().close();
    }

    private <T extends TFloating> Writer writer(Param<T> param) {
        Placeholder<T> input = tf.placeholder(param.variable().type(), Placeholder.shape(param.shape()));
        return new Writer(input, tf.assign(param.variable(), input));
    }
}
