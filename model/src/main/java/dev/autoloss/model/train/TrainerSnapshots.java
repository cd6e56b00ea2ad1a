package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.snapshot.ArrayType;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotArray;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Tensor;

/**
 * A trainer's full state as a snapshot and back: every graph variable under its parameter name (weights,
 * tables, BatchNorm statistics, Adam moments of W and V), the counters (steps, skips, the noise seed), the
 * admission counts, the per-row update steps, the last training batch (a controller step may follow a
 * restore) and l2rw's validation batch. Randomness is a function of (seed, step), so no generator state is needed. An increment holds the
 * same minus the table rows that did not change since its base step, so that a stream can checkpoint often.
 */
final class TrainerSnapshots {

    private static final String ADMISSION_COUNTS = "admission/counts";
    private static final String LAST_BATCH_ITEM_INPUTS = "trainer/last_batch/item_inputs";
    static final String LAST_UPDATED = "trainer/last_updated";
    private static final String MEAN_WEIGHTS = "trainer/mean_weights";
    private static final String LAST_BATCH = "trainer/last_batch";
    private static final String VALIDATION_BATCH = "trainer/validation_batch";
    private static final String KEYS = "/keys";
    private static final String LABELS = "/labels";
    private static final String TIMES = "/event_times";
    private static final String IDS = "/event_ids";
    private static final char ID_SEPARATOR = '\n';

    private TrainerSnapshots() {}

    static byte[] save(Trainer trainer) {
        TrainerState state = trainer.state();
        List<Param<?>> params = trainer.allParams();
        try (Result values = trainer.variables().read(params)) {
            SnapshotWriter writer = withCounters(trainer, Snapshot.Kind.FULL, 0);
            SnapshotTensors.writeVariables(writer, params, values, SnapshotTensors.arrayType(trainer.config().precision()));
            int[] lastUpdated = state.lastUpdated();
            writer.array(LAST_UPDATED, ArrayType.INT32, new long[] {lastUpdated.length}, b -> putInts(b, lastUpdated));
            writeBookkeeping(writer, trainer);
            return writer.toBytes();
        }
    }

    static void restore(Trainer trainer, Snapshot snapshot) {
        requireKindAndShape(trainer, snapshot, Snapshot.Kind.FULL);
        SnapshotTensors.restoreVariables(trainer.variables(), trainer.allParams(), snapshot);
        readInts(snapshot.array(LAST_UPDATED), trainer.state().lastUpdated());
        readCountersAndBookkeeping(trainer, snapshot);
    }

    /**
     * All state changed after DRS step {@code sinceStep}: the table rows changed since then as stored (weights and
     * Adam moments), every other variable whole, the counters and the bookkeeping. Small next to a full snapshot
     * when few rows changed, as between two checkpoints of a stream.
     */
    static byte[] saveIncrement(Trainer trainer, long sinceStep) {
        TrainerState state = trainer.state();
        if (sinceStep < 0 || sinceStep > state.step) {
            throw new IllegalArgumentException("an increment since step " + sinceStep + " is impossible: this trainer is at step " + state.step);
        }
        List<Param<?>> tables = new ArrayList<>();
        List<Param<?>> rest = new ArrayList<>();
        splitTables(trainer, tables, rest);
        int[] changed = state.rowsChangedAfter(sinceStep);
        ArrayType floats = SnapshotTensors.arrayType(trainer.config().precision());
        Map<Param<?>, Tensor> rowFeeds = new LinkedHashMap<>();
        tables.forEach(table -> rowFeeds.put(table, SnapshotTensors.rowTensor(changed)));
        try (Result rows = trainer.variables().readStoredRows(rowFeeds); Result values = trainer.variables().read(rest)) {
            SnapshotWriter writer = withCounters(trainer, Snapshot.Kind.INCREMENT, sinceStep);
            for (int i = 0; i < tables.size(); i++) {
                SnapshotTensors.writeRows(writer, tables.get(i), changed, rows.get(i), floats, tables.get(i).storageShape().get(1));
            }
            SnapshotTensors.writeVariables(writer, rest, values, floats);
            writeBookkeeping(writer, trainer);
            return writer.toBytes();
        } finally {
            rowFeeds.values().forEach(Tensor::close);
        }
    }

    /** Brings a trainer at exactly the increment's base step to the state the increment was written in. */
    static void applyIncrement(Trainer trainer, Snapshot increment) {
        requireKindAndShape(trainer, increment, Snapshot.Kind.INCREMENT);
        TrainerState state = trainer.state();
        if (increment.baseStep() != state.step) {
            throw new IllegalArgumentException("an increment from step " + increment.baseStep() + " to " + increment.step()
                    + " applies to a trainer at step " + increment.baseStep() + "; this one is at step " + state.step);
        }
        List<Param<?>> tables = new ArrayList<>();
        List<Param<?>> rest = new ArrayList<>();
        splitTables(trainer, tables, rest);
        for (Param<?> table : tables) {
            int[] changed = SnapshotTensors.rows(increment, table);
            try (Tensor rows = SnapshotTensors.rowTensor(changed); Tensor stored = SnapshotTensors.rowValues(increment, table)) {
                trainer.variables().writeStoredRows(table, rows, stored);
            }
            state.markChangedAt(changed, increment.step());
        }
        SnapshotTensors.restoreVariables(trainer.variables(), rest, increment);
        readCountersAndBookkeeping(trainer, increment);
    }

    static void requireKindAndShape(Trainer trainer, Snapshot snapshot, Snapshot.Kind kind) {
        if (snapshot.kind() != kind) {
            throw new IllegalArgumentException("expected a " + kind + " snapshot, got a " + snapshot.kind() + " one");
        }
        String shape = trainer.config().stateShape();
        if (!snapshot.stateShape().equals(shape)) {
            throw new IllegalArgumentException("snapshot was written by a trainer with " + snapshot.stateShape() + "; this trainer has " + shape);
        }
    }

    /** The admission counts, which decide the row a value is trained and scored on. */
    static void writeAdmission(SnapshotWriter writer, Trainer trainer) {
        CountMinSketch sketch = trainer.sketch();
        if (sketch != null) {
            writer.array(ADMISSION_COUNTS, sketch.counters());
        }
    }

    static void restoreAdmission(Trainer trainer, Snapshot snapshot) {
        CountMinSketch sketch = trainer.sketch();
        if (sketch != null) {
            ByteBuffer counts = snapshot.array(ADMISSION_COUNTS).data().duplicate();
            byte[] bytes = new byte[counts.remaining()];
            counts.get(bytes);
            sketch.restore(bytes);
        }
    }

    /** autoloss-item's counts per item, and the inputs the last training batch had from them (for the controller step after a restore). */
    private static void writeItemStatistics(SnapshotWriter writer, Trainer trainer) {
        ItemStatistics items = trainer.itemStatistics();
        if (items == null) {
            return;
        }
        items.write(writer);
        float[] inputs = trainer.state().lastBatchItemInputs;
        if (inputs != null) {
            writer.array(LAST_BATCH_ITEM_INPUTS, ArrayType.FLOAT32, new long[] {inputs.length}, b -> {
                b.asFloatBuffer().put(inputs);
                b.position(b.limit());
            });
        }
    }

    private static void restoreItemStatistics(Trainer trainer, Snapshot snapshot) {
        ItemStatistics items = trainer.itemStatistics();
        if (items == null) {
            return;
        }
        items.restore(snapshot);
        float[] inputs = null;
        if (snapshot.hasArray(LAST_BATCH_ITEM_INPUTS)) {
            SnapshotArray array = snapshot.array(LAST_BATCH_ITEM_INPUTS);
            inputs = new float[(int) array.elements()];
            array.data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(inputs);
        }
        trainer.state().lastBatchItemInputs = inputs;
    }

    private static SnapshotWriter withCounters(Trainer trainer, Snapshot.Kind kind, long base) {
        TrainerState state = trainer.state();
        return new SnapshotWriter(kind, trainer.config().stateShape(), state.step, base)
                .counter("seed", state.seed)
                .counter("step", state.step)
                .counter("skipped_batches", state.skippedBatches)
                .counter("controller_steps", state.controllerSteps)
                .counter("skipped_controller_steps", state.skippedControllerSteps)
                .counter("last_controller_at", state.lastControllerAt)
                .counter("last_batch_step", state.lastBatchStep)
                .counter("controller_frozen", state.controllerFrozen ? 1 : 0);
    }

    private static void writeBookkeeping(SnapshotWriter writer, Trainer trainer) {
        TrainerState state = trainer.state();
        writeAdmission(writer, trainer);
        writeItemStatistics(writer, trainer);
        writer.array(MEAN_WEIGHTS, ArrayType.FLOAT64, new long[] {state.meanWeights.length}, b -> {
            b.asDoubleBuffer().put(state.meanWeights);
            b.position(b.limit());
        });
        if (state.lastBatch != null) {
            writeBatch(writer, LAST_BATCH, state.lastBatch, trainer.config().fieldCount());
        }
        if (state.validationBatch != null) {
            writeBatch(writer, VALIDATION_BATCH, state.validationBatch, trainer.config().fieldCount());
        }
    }

    private static void readCountersAndBookkeeping(Trainer trainer, Snapshot snapshot) {
        TrainerState state = trainer.state();
        state.seed = snapshot.counter("seed");
        state.step = snapshot.counter("step");
        state.skippedBatches = snapshot.counter("skipped_batches");
        state.controllerSteps = snapshot.counter("controller_steps");
        state.skippedControllerSteps = snapshot.counter("skipped_controller_steps");
        state.lastControllerAt = snapshot.counter("last_controller_at");
        state.lastBatchStep = snapshot.counter("last_batch_step");
        state.controllerFrozen = snapshot.counter("controller_frozen") != 0;
        restoreAdmission(trainer, snapshot);
        restoreItemStatistics(trainer, snapshot);
        snapshot.array(MEAN_WEIGHTS).data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(state.meanWeights);
        state.lastBatch = readBatch(snapshot, LAST_BATCH, trainer.config().fieldCount());
        state.validationBatch = readBatch(snapshot, VALIDATION_BATCH, trainer.config().fieldCount());
    }

    /** The trainer's tables, and every other variable (dense weights, statistics, optimiser slots, the controller's). */
    private static void splitTables(Trainer trainer, List<Param<?>> tables, List<Param<?>> rest) {
        for (Param<?> param : trainer.allParams()) {
            (param.role() == Param.Role.TABLE ? tables : rest).add(param);
        }
    }

    private static void putInts(ByteBuffer target, int[] values) {
        target.asIntBuffer().put(values);
        target.position(target.limit());
    }

    private static void readInts(SnapshotArray array, int[] into) {
        if (array.elements() != into.length) {
            throw new IllegalArgumentException("snapshot array " + array + " should hold " + into.length + " values");
        }
        array.data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(into);
    }

    private static void writeBatch(SnapshotWriter writer, String name, List<Example> batch, int fields) {
        int n = batch.size();
        writer.array(name + KEYS, ArrayType.INT64, new long[] {n, fields}, b -> {
            var longs = b.asLongBuffer();
            batch.forEach(e -> longs.put(e.keys()));
            b.position(b.limit());
        });
        writer.array(name + TIMES, ArrayType.INT64, new long[] {n}, b -> {
            var longs = b.asLongBuffer();
            batch.forEach(e -> longs.put(e.eventTime()));
            b.position(b.limit());
        });
        writer.array(name + LABELS, ArrayType.FLOAT32, new long[] {n}, b -> {
            var floats = b.asFloatBuffer();
            batch.forEach(e -> floats.put(e.label()));
            b.position(b.limit());
        });
        StringBuilder ids = new StringBuilder();
        batch.forEach(e -> ids.append(e.eventId()).append(ID_SEPARATOR));
        writer.array(name + IDS, ids.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The batch saved under {@code name}, or null when the snapshot has none. */
    private static List<Example> readBatch(Snapshot snapshot, String name, int fields) {
        if (!snapshot.hasArray(name + KEYS)) {
            return null;
        }
        var keys = snapshot.array(name + KEYS).data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        var times = snapshot.array(name + TIMES).data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        var labels = snapshot.array(name + LABELS).data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        ByteBuffer idBytes = snapshot.array(name + IDS).data().duplicate();
        byte[] raw = new byte[idBytes.remaining()];
        idBytes.get(raw);
        String[] ids = new String(raw, StandardCharsets.UTF_8).split(String.valueOf(ID_SEPARATOR), -1);
        List<Example> batch = new ArrayList<>(times.remaining());
        for (int i = 0; times.hasRemaining(); i++) {
            long[] exampleKeys = new long[fields];
            keys.get(exampleKeys);
            batch.add(new Example(ids[i], times.get(), labels.get(), exampleKeys));
        }
        return List.copyOf(batch);
    }
}
