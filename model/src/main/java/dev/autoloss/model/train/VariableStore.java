package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Reads and writes variables by parameter, whole or (for tables) by row, in one session run each way
 * (snapshots, deltas, tests). The ops are added to the graph on first use.
 */
final class VariableStore {

    private record Writer(Placeholder<?> input, Op assign) {}

    private record RowReader(Placeholder<TInt32> rows, Operand<?> weights, Operand<?> stored) {}

    private record RowWriter(Placeholder<TInt32> rows, Placeholder<?> weights, Op update) {}

    private final Session session;
    private final Ops tf;
    private final Map<Param<?>, Writer> writers = new HashMap<>();
    private final Map<Param<?>, RowReader> rowReaders = new HashMap<>();
    private final Map<Param<?>, RowWriter> rowWriters = new HashMap<>();
    private final Map<Param<?>, RowWriter> storedRowWriters = new HashMap<>();

    VariableStore(Session session, Ops tf) {
        this.session = session;
        this.tf = tf;
    }

    /** The current values of {@code params} as stored, in order; the caller closes the result. */
    Result read(List<? extends Param<?>> params) {
        Session.Runner runner = session.runner();
        for (Param<?> param : params) {
            runner.fetch(param.variable());
        }
        return runner.run();
    }

    /** Sets each parameter to its tensor (of the graph's type and the parameter's storage shape). */
    void write(Map<? extends Param<?>, Tensor> values) {
        Session.Runner runner = session.runner();
        values.forEach((param, tensor) -> {
            Writer writer = writers.computeIfAbsent(param, p -> writer(p));
            runner.feed(writer.input(), tensor).addTarget(writer.assign());
        });
        runner.run().close();
    }

    /** The weights (not the optimiser state) of each table at the given rows; the caller closes the result. */
    Result readRows(Map<? extends Param<?>, Tensor> rowsByTable) {
        return readRows(rowsByTable, false);
    }

    /** Each table's rows as stored (weights and optimiser state side by side); the caller closes the result. */
    Result readStoredRows(Map<? extends Param<?>, Tensor> rowsByTable) {
        return readRows(rowsByTable, true);
    }

    private Result readRows(Map<? extends Param<?>, Tensor> rowsByTable, boolean stored) {
        Session.Runner runner = session.runner();
        rowsByTable.forEach((table, rows) -> {
            RowReader reader = rowReaders.computeIfAbsent(table, t -> rowReader(t));
            runner.feed(reader.rows(), rows).fetch(stored ? reader.stored() : reader.weights());
        });
        return runner.run();
    }

    /** Overwrites the weights of the given rows of a table, keeping their optimiser state. */
    void writeRows(Param<?> table, Tensor rows, Tensor weights) {
        RowWriter writer = rowWriters.computeIfAbsent(table, t -> rowWriter(t));
        session.runner().feed(writer.rows(), rows).feed(writer.weights(), weights).addTarget(writer.update()).run().close();
    }

    /** Overwrites the given rows of a table as stored (weights and optimiser state). */
    void writeStoredRows(Param<?> table, Tensor rows, Tensor stored) {
        RowWriter writer = storedRowWriters.computeIfAbsent(table, t -> storedRowWriter(t));
        session.runner().feed(writer.rows(), rows).feed(writer.weights(), stored).addTarget(writer.update()).run().close();
    }

    private <T extends TFloating> Writer writer(Param<T> param) {
        Placeholder<T> input = tf.placeholder(param.variable().type(), Placeholder.shape(param.storageShape()));
        return new Writer(input, tf.assign(param.variable(), input));
    }

    private <T extends TFloating> RowReader rowReader(Param<T> table) {
        Placeholder<TInt32> rows = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Operand<T> stored = tf.gather(table.variable(), rows, tf.constant(0));
        return new RowReader(rows, weightColumns(table, stored), stored);
    }

    private <T extends TFloating> RowWriter storedRowWriter(Param<T> table) {
        Placeholder<TInt32> rows = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Placeholder<T> stored = tf.placeholder(table.variable().type(), Placeholder.shape(Shape.of(-1, table.storageShape().get(1))));
        return new RowWriter(rows, stored, tf.scatterUpdate(table.variable(), rows, stored));
    }

    private <T extends TFloating> RowWriter rowWriter(Param<T> table) {
        Placeholder<TInt32> rows = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Placeholder<T> weights = tf.placeholder(table.variable().type(), Placeholder.shape(Shape.of(-1, table.shape().get(1))));
        Operand<T> updated = weights;
        if (table.slots() > 0) {
            long width = table.shape().get(1);
            Operand<T> state = tf.slice(tf.gather(table.variable(), rows, tf.constant(0)), tf.constant(new long[] {0, width}), tf.constant(new long[] {-1, width * table.slots()}));
            updated = tf.concat(List.of(weights, state), tf.constant(1));
        }
        return new RowWriter(rows, weights, tf.scatterUpdate(table.variable(), rows, updated));
    }

    private <T extends TFloating> Operand<T> weightColumns(Param<T> table, Operand<T> stored) {
        return table.slots() == 0 ? stored : tf.slice(stored, tf.constant(new long[] {0, 0}), tf.constant(new long[] {-1, table.shape().get(1)}));
    }
}
