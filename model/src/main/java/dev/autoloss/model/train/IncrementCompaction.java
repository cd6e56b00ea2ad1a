package dev.autoloss.model.train;

import dev.autoloss.model.snapshot.CorruptSnapshotException;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotArray;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a full snapshot and the increments after it into one full snapshot, from the bytes alone: no trainer, no
 * TensorFlow, so it can run beside the training thread. The result is the snapshot that a trainer restored from
 * them would save: changed table rows written over the base's, every other array and the counters taken from the
 * newest increment, the rows' change steps raised to the increment that carried them.
 *
 * <p>A folding can follow a chain as it grows ({@link #apply} each new increment, {@link #toBytes} whenever a full
 * snapshot is wanted), so that only each new increment is read, never the whole chain again. Not thread-safe.
 */
public final class IncrementCompaction {

    private final Snapshot base;
    private final Map<String, SnapshotArray> layout = new LinkedHashMap<>();
    private final Map<String, ByteBuffer> arrays = new LinkedHashMap<>();
    private final int[] lastUpdated;
    private Snapshot newest;

    /**
     * Starts from a full snapshot, which becomes this folding's own: its arrays are written over in place, so the
     * caller must not use {@code full} afterwards.
     *
     * @throws IllegalArgumentException when it is not a full snapshot
     */
    public IncrementCompaction(byte[] full) {
        base = Snapshot.read(full);
        if (base.kind() != Snapshot.Kind.FULL) {
            throw new IllegalArgumentException("a chain starts with a full snapshot, not a " + base.kind() + " one");
        }
        for (SnapshotArray array : base.arrays()) {
            layout.put(array.name(), array);
            arrays.put(array.name(), array.data());
        }
        lastUpdated = SnapshotTensors.ints(base.array(TrainerSnapshots.LAST_UPDATED));
        newest = base;
    }

    /**
     * Folds in the next increment of the chain.
     *
     * @throws IllegalArgumentException when it is not an increment on the state folded so far (nothing is changed then)
     * @throws CorruptSnapshotException when its rows do not fit the tables (the folding is unusable then)
     */
    public void apply(byte[] bytes) {
        Snapshot increment = Snapshot.read(bytes);
        requireNext(newest, increment);
        for (SnapshotArray array : increment.arrays()) {
            String name = array.name();
            if (name.endsWith(SnapshotTensors.ROWS_SUFFIX)) {
                continue;
            }
            if (increment.hasArray(name + SnapshotTensors.ROWS_SUFFIX)) {
                int[] rows = SnapshotTensors.ints(increment.array(name + SnapshotTensors.ROWS_SUFFIX));
                writeRows(layout.get(name), arrays.get(name), rows, array);
                TrainerState.markChangedAt(lastUpdated, rows, increment.step());
            } else { // replaced whole, or new after the others (the last training batch, after a first step)
                layout.put(name, array);
                arrays.put(name, copy(array.data()));
            }
        }
        newest = increment;
    }

    /** The step of the state folded so far. */
    public long step() {
        return newest.step();
    }

    /** The full snapshot of the state folded so far. */
    public byte[] toBytes() {
        arrays.get(TrainerSnapshots.LAST_UPDATED).duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(lastUpdated);
        SnapshotWriter writer = new SnapshotWriter(Snapshot.Kind.FULL, base.stateShape(), newest.step(), 0);
        newest.counters().forEach(writer::counter);
        for (SnapshotArray array : layout.values()) {
            ByteBuffer data = arrays.get(array.name());
            writer.array(array.name(), array.type(), array.shape(), target -> target.put(data.duplicate().position(0)));
        }
        return writer.toBytes();
    }

    private static void requireNext(Snapshot previous, Snapshot increment) {
        if (increment.kind() != Snapshot.Kind.INCREMENT) {
            throw new IllegalArgumentException("expected an increment, got a " + increment.kind() + " snapshot");
        }
        if (!increment.stateShape().equals(previous.stateShape())) {
            throw new IllegalArgumentException("increment of a trainer with " + increment.stateShape() + " on a chain of " + previous.stateShape());
        }
        if (increment.baseStep() != previous.step()) {
            throw new IllegalArgumentException("an increment from step " + increment.baseStep() + " does not follow a snapshot at step " + previous.step());
        }
    }

    private static void writeRows(SnapshotArray table, ByteBuffer target, int[] rows, SnapshotArray values) {
        if (table == null || table.shape().length != 2 || values.shape().length != 2 || values.shape()[1] != table.shape()[1]
                || values.type() != table.type() || values.shape()[0] != rows.length) {
            throw new CorruptSnapshotException("increment rows " + values + " do not fit table " + table);
        }
        int rowBytes = (int) (table.shape()[1] * table.type().bytes());
        ByteBuffer source = values.data().duplicate();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= table.shape()[0]) {
                throw new CorruptSnapshotException("increment row " + rows[i] + " is outside table " + table);
            }
            target.put(rows[i] * rowBytes, source, i * rowBytes, rowBytes);
        }
    }

    private static ByteBuffer copy(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(data.duplicate());
        return copy.flip();
    }
}
