package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.snapshot.ArrayType;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotArray;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Data-parallel replicas of one model: each trainer trains on its own share of the stream and, now and then,
 * takes a replica delta of the changes its own steps made since its last one (table rows, dense weights, running
 * statistics, the controller's weights V, admission counts). Every other replica, and a merged copy, adds it to
 * its weights. Table rows are added whole: few rows are in two replicas' batches. Dense weights are averaged
 * ({@link #dense}), each replica training on a share of the batch ({@link TrainerConfig#forReplicas}): summed, the
 * replicas' steps on the shared layers acted like a far larger learning rate with stale momentum, and the merged
 * model lost 0.01 AUC. Adam's moments stay with each replica. Running statistics (BatchNorm's) are moving averages,
 * which do not add up: a delta carries their current values, and whoever adds it takes them over.
 *
 * <p>A reference copy of every shared variable tells own changes from added ones: a delta is
 * {@code value - reference}, after which the reference is the value; a delta added from elsewhere goes into both.
 * The reference lives in memory only: whoever checkpoints a replica takes a delta first, so that a restored
 * replica starts with nothing of its own pending ({@link #reset}).
 */
final class ReplicaSync {

    /** the replica's own DRS steps a delta covers */
    static final String STEPS = "replicaSteps";
    private static final String ADMISSION_BYTES = "replica#admissionBytes";
    private static final String ADMISSION_INCREASES = "replica#admissionIncreases";

    /** A shared variable: its reference copy, and the ops that take its delta and add one. */
    private record Shared(Param<?> param, Placeholder<TInt32> rows, Operand<?> delta, Op keep, Placeholder<?> added, List<Op> add, Op reset) {}

    private final Trainer trainer;
    private final Session session;
    private final List<Shared> tables = new ArrayList<>();
    private final List<Shared> dense = new ArrayList<>();
    private final List<Param<?>> statistics = new ArrayList<>();
    private final long[] ownRows;
    private byte[] admissionReference;
    private long ownSteps;

    ReplicaSync(Trainer trainer, Session session, int replicas) {
        this.trainer = trainer;
        this.session = session;
        TrainerGraph<?> g = trainer.graph();
        Ops tf = g.net.tf();
        for (Param<?> param : g.drs.all()) {
            switch (param.role()) {
                case TABLE -> tables.add(table(tf, param));
                case WEIGHT -> dense.add(dense(tf, param, replicas));
                case STATISTIC -> statistics.add(param);
                case SLOT -> { }
            }
        }
        for (Param<?> param : g.controller.trainable()) {
            dense.add(dense(tf, param, replicas));
        }
        this.ownRows = new long[(trainer.config().tableRows() + trainer.config().fieldCount() + 63) >>> 6];
        reset();
    }

    /** Forgets own changes not yet taken: the current values are the reference. */
    void reset() {
        Session.Runner runner = session.runner();
        tables.forEach(t -> runner.addTarget(t.reset()));
        dense.forEach(d -> runner.addTarget(d.reset()));
        runner.run().close();
        CountMinSketch sketch = trainer.sketch();
        admissionReference = sketch == null ? null : sketch.counters().clone();
        java.util.Arrays.fill(ownRows, 0);
        ownSteps = 0;
    }

    /** A DRS step of this replica's own changed {@code rows}. */
    void stepped(int[] rows) {
        for (int row : rows) {
            ownRows[row >>> 6] |= 1L << row;
        }
        ownSteps++;
    }

    /** The changes of this replica's own steps since the last delta (or the reset), which are then no longer its own. */
    byte[] take() {
        int[] rows = takeOwnRows();
        TrainerConfig config = trainer.config();
        ArrayType floats = SnapshotTensors.arrayType(config.precision());
        SnapshotWriter writer = new SnapshotWriter(Snapshot.Kind.REPLICA, config.stateShape(), trainer.state().step, 0).counter(STEPS, ownSteps);
        List<TInt32> rowTensors = new ArrayList<>();
        try {
            Session.Runner fetch = session.runner();
            Session.Runner keep = session.runner();
            for (Shared table : tables) {
                TInt32 feed = SnapshotTensors.rowTensor(rows);
                rowTensors.add(feed);
                fetch.feed(table.rows(), feed).fetch(table.delta());
                keep.feed(table.rows(), feed).addTarget(table.keep());
            }
            dense.forEach(d -> {
                fetch.fetch(d.delta());
                keep.addTarget(d.keep());
            });
            statistics.forEach(statistic -> fetch.fetch(statistic.variable()));
            try (Result deltas = fetch.run()) {
                for (int i = 0; i < tables.size(); i++) {
                    Param<?> table = tables.get(i).param();
                    SnapshotTensors.writeRows(writer, table, rows, deltas.get(i), floats, table.shape().get(1));
                }
                List<Param<?>> denseParams = new ArrayList<>(dense.stream().<Param<?>>map(Shared::param).toList());
                denseParams.addAll(statistics);
                for (int i = 0; i < denseParams.size(); i++) {
                    Tensor tensor = deltas.get(tables.size() + i);
                    Param<?> param = denseParams.get(i);
                    writer.array(param.name(), floats, param.storageShape().asArray(), target -> SnapshotTensors.copy(tensor, target));
                }
                writeAdmission(writer);
                byte[] bytes = writer.toBytes();
                keep.run().close();
                ownSteps = 0;
                return bytes;
            }
        } finally {
            rowTensors.forEach(Tensor::close);
        }
    }

    /** Adds another replica's delta to the weights (and to the reference: it is not this replica's own change). */
    void add(Snapshot delta) {
        TrainerSnapshots.requireKindAndShape(trainer, delta, Snapshot.Kind.REPLICA);
        List<Tensor> feeds = new ArrayList<>();
        int[] changed = new int[0];
        try {
            Session.Runner runner = session.runner();
            for (Shared table : tables) {
                changed = SnapshotTensors.rows(delta, table.param());
                Tensor rows = SnapshotTensors.rowTensor(changed);
                Tensor values = SnapshotTensors.rowValues(delta, table.param());
                feeds.add(rows);
                feeds.add(values);
                runner.feed(table.rows(), rows).feed(table.added(), values);
                table.add().forEach(runner::addTarget);
            }
            for (Shared d : dense) {
                SnapshotArray array = delta.array(d.param().name());
                Tensor values = SnapshotTensors.tensorOf(d.param().variable().type(), d.param().storageShape(), array.data());
                feeds.add(values);
                runner.feed(d.added(), values);
                d.add().forEach(runner::addTarget);
            }
            runner.run().close();
        } finally {
            feeds.forEach(Tensor::close);
        }
        SnapshotTensors.restoreVariables(trainer.variables(), statistics, delta);
        addAdmission(delta);
        TrainerState state = trainer.state();
        state.step += delta.counter(STEPS);
        state.markUpdated(changed);
    }

    private int[] takeOwnRows() {
        int count = 0;
        for (long word : ownRows) {
            count += Long.bitCount(word);
        }
        int[] rows = new int[count];
        int k = 0;
        for (int word = 0; word < ownRows.length; word++) {
            for (long bits = ownRows[word]; bits != 0; bits &= bits - 1) {
                rows[k++] = (word << 6) + Long.numberOfTrailingZeros(bits);
            }
            ownRows[word] = 0;
        }
        return rows;
    }

    /** The admission counts' increases since the reference, as the changed counter bytes and their packed increases. */
    private void writeAdmission(SnapshotWriter writer) {
        CountMinSketch sketch = trainer.sketch();
        if (sketch == null) {
            return;
        }
        CountMinSketch.Increases increases = sketch.increasesSince(admissionReference);
        int[] bytes = increases.bytes();
        writer.array(ADMISSION_BYTES, ArrayType.INT32, new long[] {bytes.length}, b -> {
            b.asIntBuffer().put(bytes);
            b.position(b.limit());
        });
        writer.array(ADMISSION_INCREASES, increases.packed());
    }

    private void addAdmission(Snapshot delta) {
        CountMinSketch sketch = trainer.sketch();
        if (sketch == null) {
            return;
        }
        int[] bytes = SnapshotTensors.ints(delta.array(ADMISSION_BYTES));
        ByteBuffer packed = delta.array(ADMISSION_INCREASES).data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] increases = new byte[packed.remaining()];
        packed.get(increases);
        CountMinSketch.Increases added = new CountMinSketch.Increases(bytes, increases);
        sketch.add(added);
        CountMinSketch.add(admissionReference, added, sketch);
    }

    /** A table's reference holds its weight columns; the Adam moments stored beside them are never shared. */
    private static <T extends TFloating> Shared table(Ops tf, Param<T> table) {
        long width = table.shape().get(1);
        Variable<T> reference = tf.variable(table.shape(), table.variable().type());
        Placeholder<TInt32> rows = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Operand<T> current = weightColumns(tf, tf.gather(table.variable(), rows, tf.constant(0)), width);
        Operand<T> delta = tf.math.sub(current, tf.gather(reference, rows, tf.constant(0)));
        Op keep = tf.scatterUpdate(reference, rows, current);
        Placeholder<T> added = tf.placeholder(table.variable().type(), Placeholder.shape(Shape.of(-1, width)));
        // the moments' columns gain nothing
        Operand<T> addedStored = tf.pad(added, tf.constant(new long[][] {{0, 0}, {0, width * table.slots()}}), tf.dtypes.cast(tf.constant(0f), table.variable().type()));
        List<Op> add = List.of(tf.scatterAdd(table.variable(), rows, addedStored), tf.scatterAdd(reference, rows, added));
        Op reset = tf.assign(reference, weightColumns(tf, table.variable(), width));
        return new Shared(table, rows, delta, keep, added, add, reset);
    }

    /**
     * A dense weight is averaged over the replicas: a replica keeps {@code 1/replicas} of its own change when it takes a
     * delta, and adds that share of every other replica's, so that all of them and the merged copy hold the mean.
     */
    private static <T extends TFloating> Shared dense(Ops tf, Param<T> param, int replicas) {
        Variable<T> reference = tf.variable(param.storageShape(), param.variable().type());
        Operand<T> delta = tf.math.sub(param.variable(), reference);
        Operand<T> share = tf.dtypes.cast(tf.constant(1.0f / replicas), param.variable().type());
        Op keep = tf.assign(reference, tf.assign(param.variable(), tf.math.add(reference, tf.math.mul(delta, share))));
        Placeholder<T> added = tf.placeholder(param.variable().type(), Placeholder.shape(param.storageShape()));
        Operand<T> addedShare = tf.math.mul(added, share);
        List<Op> add = List.of(tf.assignAdd(param.variable(), addedShare), tf.assignAdd(reference, addedShare));
        return new Shared(param, null, delta, keep, added, add, tf.assign(reference, param.variable()));
    }

    private static <T extends TFloating> Operand<T> weightColumns(Ops tf, Operand<T> stored, long width) {
        return tf.slice(stored, tf.constant(new long[] {0, 0}), tf.constant(new long[] {-1, width}));
    }
}
