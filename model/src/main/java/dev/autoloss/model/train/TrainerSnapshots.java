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
import java.util.List;
import org.tensorflow.Result;

/**
 * A trainer's full state as a snapshot and back: every graph variable under its parameter name (weights,
 * tables, BatchNorm statistics, Adam moments of W and V), the counters (steps, skips, the noise seed), the
 * admission counts, the per-row update steps, and the last training batch (a controller step may follow a
 * restore). Randomness is a function of (seed, step), so no generator state is needed.
 */
final class TrainerSnapshots {

    private static final String ADMISSION_COUNTS = "admission/counts";
    private static final String LAST_UPDATED = "trainer/last_updated";
    private static final String MEAN_WEIGHTS = "trainer/mean_weights";
    private static final String BATCH_KEYS = "trainer/last_batch/keys";
    private static final String BATCH_LABELS = "trainer/last_batch/labels";
    private static final String BATCH_TIMES = "trainer/last_batch/event_times";
    private static final String BATCH_IDS = "trainer/last_batch/event_ids";
    private static final char ID_SEPARATOR = '\n';

    private TrainerSnapshots() {}

    static byte[] save(Trainer trainer) {
        TrainerConfig config = trainer.config();
        TrainerState state = trainer.state();
        List<Param<?>> params = trainer.allParams();
        try (Result values = trainer.variables().read(params)) {
            SnapshotWriter writer = new SnapshotWriter(Snapshot.Kind.FULL, config.stateShape(), state.step, 0)
                    .counter("seed", state.seed)
                    .counter("step", state.step)
                    .counter("skipped_batches", state.skippedBatches)
                    .counter("controller_steps", state.controllerSteps)
                    .counter("skipped_controller_steps", state.skippedControllerSteps)
                    .counter("last_controller_at", state.lastControllerAt)
                    .counter("last_batch_step", state.lastBatchStep)
                    .counter("controller_frozen", state.controllerFrozen ? 1 : 0);
            SnapshotTensors.writeVariables(writer, params, values, SnapshotTensors.arrayType(config.precision()));
            CountMinSketch sketch = trainer.sketch();
            if (sketch != null) {
                writer.array(ADMISSION_COUNTS, sketch.counters());
            }
            int[] lastUpdated = state.lastUpdated();
            writer.array(LAST_UPDATED, ArrayType.INT32, new long[] {lastUpdated.length}, b -> putInts(b, lastUpdated));
            writer.array(MEAN_WEIGHTS, ArrayType.FLOAT64, new long[] {state.meanWeights.length}, b -> {
                b.asDoubleBuffer().put(state.meanWeights);
                b.position(b.limit());
            });
            if (state.lastBatch != null) {
                writeBatch(writer, state.lastBatch, config.fieldCount());
            }
            return writer.toBytes();
        }
    }

    static void restore(Trainer trainer, Snapshot snapshot) {
        TrainerConfig config = trainer.config();
        if (snapshot.kind() != Snapshot.Kind.FULL) {
            throw new IllegalArgumentException("a " + snapshot.kind() + " snapshot holds only changed weights; restore a full snapshot");
        }
        if (!snapshot.stateShape().equals(config.stateShape())) {
            throw new IllegalArgumentException("snapshot was written by a trainer with " + snapshot.stateShape() + "; this trainer has " + config.stateShape());
        }
        SnapshotTensors.restoreVariables(trainer.variables(), trainer.allParams(), snapshot);
        TrainerState state = trainer.state();
        state.seed = snapshot.counter("seed");
        state.step = snapshot.counter("step");
        state.skippedBatches = snapshot.counter("skipped_batches");
        state.controllerSteps = snapshot.counter("controller_steps");
        state.skippedControllerSteps = snapshot.counter("skipped_controller_steps");
        state.lastControllerAt = snapshot.counter("last_controller_at");
        state.lastBatchStep = snapshot.counter("last_batch_step");
        state.controllerFrozen = snapshot.counter("controller_frozen") != 0;
        CountMinSketch sketch = trainer.sketch();
        if (sketch != null) {
            ByteBuffer counts = snapshot.array(ADMISSION_COUNTS).data();
            byte[] bytes = new byte[counts.remaining()];
            counts.duplicate().get(bytes);
            sketch.restore(bytes);
        }
        readInts(snapshot.array(LAST_UPDATED), state.lastUpdated());
        snapshot.array(MEAN_WEIGHTS).data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(state.meanWeights);
        state.lastBatch = snapshot.hasArray(BATCH_KEYS) ? readBatch(snapshot, config.fieldCount()) : null;
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

    private static void writeBatch(SnapshotWriter writer, List<Example> batch, int fields) {
        int n = batch.size();
        writer.array(BATCH_KEYS, ArrayType.INT64, new long[] {n, fields}, b -> {
            var longs = b.asLongBuffer();
            batch.forEach(e -> longs.put(e.keys()));
            b.position(b.limit());
        });
        writer.array(BATCH_TIMES, ArrayType.INT64, new long[] {n}, b -> {
            var longs = b.asLongBuffer();
            batch.forEach(e -> longs.put(e.eventTime()));
            b.position(b.limit());
        });
        writer.array(BATCH_LABELS, ArrayType.FLOAT32, new long[] {n}, b -> {
            var floats = b.asFloatBuffer();
            batch.forEach(e -> floats.put(e.label()));
            b.position(b.limit());
        });
        StringBuilder ids = new StringBuilder();
        batch.forEach(e -> ids.append(e.eventId()).append(ID_SEPARATOR));
        writer.array(BATCH_IDS, ids.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<Example> readBatch(Snapshot snapshot, int fields) {
        var keys = snapshot.array(BATCH_KEYS).data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        var times = snapshot.array(BATCH_TIMES).data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        var labels = snapshot.array(BATCH_LABELS).data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        ByteBuffer idBytes = snapshot.array(BATCH_IDS).data().duplicate();
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
