package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.snapshot.ArrayType;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Tensor;

/**
 * Deltas for frequent publishing to scorers: the table rows a trainer changed since a step, every dense
 * weight and running statistic, and the admission counts (they decide which row a value is scored on). No
 * optimiser state: a delta brings a scoring copy up to date, it does not let training resume.
 */
final class DeltaSnapshots {

    private DeltaSnapshots() {}

    static byte[] save(Trainer trainer, long sinceStep) {
        TrainerState state = trainer.state();
        if (sinceStep < 0 || sinceStep > state.step) {
            throw new IllegalArgumentException("a delta since step " + sinceStep + " is impossible: this trainer is at step " + state.step);
        }
        TrainerConfig config = trainer.config();
        ArrayType floats = SnapshotTensors.arrayType(config.precision());
        SnapshotWriter writer = new SnapshotWriter(Snapshot.Kind.DELTA, config.stateShape(), state.step, sinceStep).counter("step", state.step);
        List<Param<?>> tables = new ArrayList<>();
        List<Param<?>> dense = new ArrayList<>();
        split(trainer, tables, dense);
        int[] changed = state.rowsChangedAfter(sinceStep);
        Map<Param<?>, Tensor> rowFeeds = new LinkedHashMap<>();
        tables.forEach(table -> rowFeeds.put(table, SnapshotTensors.rowTensor(changed)));
        try (Result rows = trainer.variables().readRows(rowFeeds); Result values = trainer.variables().read(dense)) {
            for (int i = 0; i < tables.size(); i++) {
                SnapshotTensors.writeRows(writer, tables.get(i), changed, rows.get(i), floats, tables.get(i).shape().get(1));
            }
            SnapshotTensors.writeVariables(writer, dense, values, floats);
            TrainerSnapshots.writeAdmission(writer, trainer);
            return writer.toBytes();
        } finally {
            rowFeeds.values().forEach(Tensor::close);
        }
    }

    static void apply(Trainer trainer, Snapshot delta) {
        TrainerState state = trainer.state();
        TrainerSnapshots.requireKindAndShape(trainer, delta, Snapshot.Kind.DELTA);
        if (delta.baseStep() > state.step || delta.step() < state.step) {
            throw new IllegalArgumentException("a delta from step " + delta.baseStep() + " to " + delta.step()
                    + " does not apply to a copy at step " + state.step + ": it needs a copy at a step in between");
        }
        List<Param<?>> tables = new ArrayList<>();
        List<Param<?>> dense = new ArrayList<>();
        split(trainer, tables, dense);
        for (Param<?> table : tables) {
            try (Tensor rows = SnapshotTensors.rowTensor(SnapshotTensors.rows(delta, table)); Tensor weights = SnapshotTensors.rowValues(delta, table)) {
                trainer.variables().writeRows(table, rows, weights);
            }
        }
        SnapshotTensors.restoreVariables(trainer.variables(), dense, delta);
        TrainerSnapshots.restoreAdmission(trainer, delta);
        state.step = delta.step();
    }

    /** The DRS's tables, and its dense weights and statistics (a scorer needs no optimiser slots). */
    private static void split(Trainer trainer, List<Param<?>> tables, List<Param<?>> dense) {
        for (Param<?> param : trainer.graph().drs.all()) {
            switch (param.role()) {
                case TABLE -> tables.add(param);
                case WEIGHT, STATISTIC -> dense.add(param);
                case SLOT -> { }
            }
        }
    }
}
