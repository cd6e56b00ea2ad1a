package dev.autoloss.model.train;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import java.util.Arrays;
import java.util.List;

/**
 * Turns examples into the integer arrays the graph is fed: admission decides each value's row, then the
 * rows are de-duplicated in first-seen order (a direct-addressed table stamped per call, so no hashing or
 * clearing), and labels are checked against the task.
 */
final class BatchEncoder {

    private final int fields;
    private final Task task;
    private final int classes;
    private final FeatureAdmission admission;
    private final int[] stamp;
    private final int[] position;
    private int generation;

    BatchEncoder(int fields, int totalRows, Task task, int classes, FeatureAdmission admission) {
        this.fields = fields;
        this.task = task;
        this.classes = classes;
        this.admission = admission;
        this.stamp = new int[totalRows];
        this.position = new int[totalRows];
    }

    /** A training batch: every value's sighting is counted before its row is chosen. */
    EncodedBatch encodeTraining(List<Example> batch) {
        return encode(batch, true, List.of(), true);
    }

    /** A batch that is only scored: nothing is counted and labels are not read (they may be missing). */
    EncodedBatch encodeForScoring(List<Example> batch) {
        return encode(batch, false, List.of(), false);
    }

    /** Two batches (the last training batch and a validation batch) over one shared list of rows; nothing counted. */
    EncodedBatch encodeTogether(List<Example> first, List<Example> second) {
        return encode(first, false, second, true);
    }

    private EncodedBatch encode(List<Example> first, boolean count, List<Example> second, boolean labelled) {
        if (first.isEmpty()) {
            throw new IllegalArgumentException("empty batch: a step needs at least one example");
        }
        if (++generation == 0) {
            Arrays.fill(stamp, 0);
            generation = 1;
        }
        int[] rows = new int[(first.size() + second.size()) * fields];
        int[] distinct = {0};
        int[] firstIndex = positions(first, count, rows, distinct);
        int[] secondIndex = positions(second, false, rows, distinct);
        return new EncodedBatch(Arrays.copyOf(rows, distinct[0]), firstIndex, labelled ? labels(first) : new float[first.size()],
                secondIndex, labels(second));
    }

    private int[] positions(List<Example> batch, boolean count, int[] rows, int[] distinct) {
        int[] index = new int[batch.size() * fields];
        int k = 0;
        for (Example example : batch) {
            long[] keys = example.keys();
            if (keys.length != fields) {
                throw new IllegalArgumentException("event " + example.eventId() + " has " + keys.length + " feature keys; the model has " + fields + " fields");
            }
            for (int f = 0; f < fields; f++) {
                int row = count ? admission.trainingRow(f, keys[f]) : admission.row(f, keys[f]);
                if (stamp[row] != generation) {
                    stamp[row] = generation;
                    position[row] = distinct[0];
                    rows[distinct[0]++] = row;
                }
                index[k++] = position[row];
            }
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
