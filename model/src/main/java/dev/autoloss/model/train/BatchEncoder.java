package dev.autoloss.model.train;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import java.util.List;

/**
 * Turns examples into the integer arrays the graph is fed. The batch's distinct values are collected first;
 * admission then decides each distinct value's row once (counting all its occurrences in a training batch at
 * once, so every occurrence of a value in one batch shares one row), the rows are de-duplicated in first-seen
 * order, and labels are checked against the task.
 */
final class BatchEncoder {

    private final int fields;
    private final Task task;
    private final int classes;
    private final FeatureAdmission admission;
    private final DistinctValues values = new DistinctValues();
    /** the batch's distinct rows (distinct values can share a row: a hash collision, or a field's rare row) */
    private final DistinctValues rows = new DistinctValues();

    BatchEncoder(int fields, Task task, int classes, FeatureAdmission admission) {
        this.fields = fields;
        this.task = task;
        this.classes = classes;
        this.admission = admission;
    }

    /** A training batch: its values' occurrences are counted before their rows are chosen. */
    EncodedBatch encodeTraining(List<Example> batch) {
        return encodeTraining(batch, List.of());
    }

    /** A training batch, counted, and a validation batch (l2rw's step), not counted, over one list of rows: the training batch's first. */
    EncodedBatch encodeTraining(List<Example> batch, List<Example> validation) {
        return encode(batch, true, validation, true);
    }

    /** A batch that is only scored: nothing is counted and labels are not read (they may be missing). */
    EncodedBatch encodeForScoring(List<Example> batch) {
        return encode(batch, false, List.of(), false);
    }

    /** Two batches (the last training batch and a validation batch), or one, over one shared list of rows; nothing counted. */
    EncodedBatch encodeTogether(List<Example> first, List<Example> second) {
        return encode(first, false, second, true);
    }

    private EncodedBatch encode(List<Example> first, boolean count, List<Example> second, boolean labelled) {
        if (first.isEmpty()) {
            throw new IllegalArgumentException("empty batch: a step needs at least one example");
        }
        values.reset((first.size() + second.size()) * fields);
        int[] firstValues = valueIds(first, count);
        int firstDistinct = values.size();
        int[] secondValues = valueIds(second, false);
        rows.reset(values.size());
        int[] positions = new int[values.size()];
        placeRows(0, firstDistinct, positions);
        int firstRowCount = rows.size(); // the first batch's values were numbered first, so their rows come first
        placeRows(firstDistinct, values.size(), positions);
        int[] distinctRows = new int[rows.size()];
        for (int r = 0; r < distinctRows.length; r++) {
            distinctRows[r] = (int) rows.key(r);
        }
        return new EncodedBatch(distinctRows, firstRowCount, lookUp(firstValues, positions),
                labelled ? labels(first) : new float[first.size()], lookUp(secondValues, positions), labels(second));
    }

    /** Decides the row of each distinct value in [from, to) (admission counts a counted one's occurrences) and its position among the rows. */
    private void placeRows(int from, int to, int[] positions) {
        for (int v = from; v < to; v++) {
            int occurrences = values.occurrences(v);
            int row = occurrences > 0
                    ? admission.trainingRow(values.field(v), values.key(v), occurrences)
                    : admission.row(values.field(v), values.key(v));
            positions[v] = rows.add(0, row, false);
        }
    }

    /** Each (example, field) value's id among the batch's distinct values, row-major. */
    private int[] valueIds(List<Example> batch, boolean counted) {
        int[] ids = new int[batch.size() * fields];
        int k = 0;
        for (Example example : batch) {
            long[] keys = example.keys();
            if (keys.length != fields) {
                throw new IllegalArgumentException("event " + example.eventId() + " has " + keys.length + " feature keys; the model has " + fields + " fields");
            }
            for (int f = 0; f < fields; f++) {
                ids[k++] = values.add(f, keys[f], counted);
            }
        }
        return ids;
    }

    private static int[] lookUp(int[] valueIds, int[] positions) {
        int[] index = new int[valueIds.length];
        for (int k = 0; k < index.length; k++) {
            index[k] = positions[valueIds[k]];
        }
        return index;
    }
    private float[] labels(List<Example> batch) {
        float[] labels = new float[batch.size()];
        for (int i = 0; i < labels.length; i++) {
            Example example = batch.get(i);
            float y = example.label();
            boolean valid = switch (task) {
                case BINARY -> y == 0f || y == 1f;
                case MULTICLASS -> y >= 0 && y < classes && y == Math.rint(y);
                case REGRESSION -> !Float.isNaN(y);
            };
            if (!valid) {
                throw new IllegalArgumentException("event " + example.eventId() + " has label " + y + ", not a valid "
                        + task.cliName() + " label (" + expectedLabels() + ")");
            }
            labels[i] = y;
        }
        return labels;
    }

    private String expectedLabels() {
        return switch (task) {
            case BINARY -> "0 or 1";
            case MULTICLASS -> "a class index 0.." + (classes - 1);
            case REGRESSION -> "a number";
        };
    }
}
