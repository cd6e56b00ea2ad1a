package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.snapshot.ArrayType;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotArray;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;

/**
 * Deltas for frequent publishing to scorers: the table rows a trainer changed since a version, every dense
 * weight and running statistic, and the admission counts (they decide which row a value is scored on). No
 * optimiser state: a delta brings a scoring copy up to date, it does not let training resume.
 */
final class DeltaSnapshots {

    private static final String ROWS_SUFFIX = "#rows";
    private static final String ADMISSION_COUNTS = "admission/counts";

    private DeltaSnapshots() {}

    static byte[] save(Trainer trainer, long sinceVersion) {
        TrainerState state = trainer.state();
        if (sinceVersion < 0 || sinceVersion > state.step) {
            throw new IllegalArgumentException("a delta since version " + sinceVersion + " is impossible: this trainer is at version " + state.step);
        }
        TrainerConfig config = trainer.config();
        ArrayType floats = SnapshotTensors.arrayType(config.precision());
        SnapshotWriter writer = new SnapshotWriter(Snapshot.Kind.DELTA, config.stateShape(), state.step, sinceVersion).counter("step", state.step);
        List<Param<?>> tables = new ArrayList<>();
        List<Param<?>> dense = new ArrayList<>();
        for (Param<?> param : trainer.graph().drs.all()) {
            switch (param.role()) {
                case TABLE -> tables.add(param);
                case WEIGHT, STATISTIC -> dense.add(param);
                case SLOT -> { }
            }
        }
        int[] changed = changedRows(state.lastUpdated(), sinceVersion);
        Map<Param<?>, Tensor> rowFeeds = new LinkedHashMap<>();
        tables.forEach(table -> rowFeeds.put(table, TInt32.tensorOf(Shape.of(changed.length), DataBuffers.of(changed, true, false))));
        try (Result rows = trainer.variables().readRows(rowFeeds); Result values = trainer.variables().read(dense)) {
            for (int i = 0; i < tables.size(); i++) {
                Param<?> table = tables.get(i);
                Tensor weights = rows.get(i);
                writer.array(table.name() + ROWS_SUFFIX, ArrayType.INT32, new long[] {changed.length}, b -> {
                    b.asIntBuffer().put(changed);
                    b.position(b.limit());
                });
                writer.array(table.name(), floats, new long[] {changed.length, table.shape().get(1)}, b -> SnapshotTensors.copy(weights, b));
            }
            SnapshotTensors.writeVariables(writer, dense, values, floats);
            CountMinSketch sketch = trainer.sketch();
            if (sketch != null) {
                writer.array(ADMISSION_COUNTS, sketch.counters());
            }
            return writer.toBytes();
        } finally {
            rowFeeds.values().forEach(Tensor::close);
        }
    }

    static void apply(Trainer trainer, Snapshot delta) {
        TrainerConfig config = trainer.config();
        TrainerState state = trainer.state();
        if (delta.kind() != Snapshot.Kind.DELTA) {
            throw new IllegalArgumentException("not a delta but a " + delta.kind() + " snapshot");
        }
        if (!delta.stateShape().equals(config.stateShape())) {
            throw new IllegalArgumentException("delta was written by a trainer with " + delta.stateShape() + "; this trainer has " + config.stateShape());
        }
        if (delta.baseVersion() > state.step || delta.version() < state.step) {
            throw new IllegalArgumentException("a delta from version " + delta.baseVersion() + " to " + delta.version()
                    + " does not apply to a copy at version " + state.step + ": it needs a copy at a version in between");
        }
        List<Param<?>> dense = new ArrayList<>();
        for (Param<?> param : trainer.graph().drs.all()) {
            switch (param.role()) {
                case TABLE -> writeRows(trainer, param, delta.array(param.name() + ROWS_SUFFIX), delta.array(param.name()));
                case WEIGHT, STATISTIC -> dense.add(param);
                case SLOT -> { }
            }
        }
        SnapshotTensors.restoreVariables(trainer.variables(), dense, delta);
        CountMinSketch sketch = trainer.sketch();
        if (sketch != null) {
            java.nio.ByteBuffer counts = delta.array(ADMISSION_COUNTS).data().duplicate();
            byte[] bytes = new byte[counts.remaining()];
            counts.get(bytes);
            sketch.restore(bytes);
        }
        state.step = delta.version();
    }

    private static void writeRows(Trainer trainer, Param<?> table, SnapshotArray rowArray, SnapshotArray weights) {
        int[] rows = new int[(int) rowArray.elements()];
        rowArray.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(rows);
        try (Tensor rowTensor = TInt32.tensorOf(Shape.of(rows.length), DataBuffers.of(rows, true, false));
             Tensor weightTensor = SnapshotTensors.tensorOf(table.variable().type(), Shape.of(weights.shape()), weights.data())) {
            trainer.variables().writeRows(table, rowTensor, weightTensor);
        }
    }

    private static int[] changedRows(int[] lastUpdated, long sinceVersion) {
        int count = 0;
        for (int v : lastUpdated) {
            if (v > sinceVersion) {
                count++;
            }
        }
        int[] rows = new int[count];
        int k = 0;
        for (int row = 0; row < lastUpdated.length; row++) {
            if (lastUpdated[row] > sinceVersion) {
                rows[k++] = row;
            }
        }
        return rows;
    }
}
