package dev.autoloss.model.train;

import dev.autoloss.model.features.Example;
import java.util.List;

/** The trainer's counters and bookkeeping outside the graph; all of it goes into snapshots. */
final class TrainerState {

    /** the seed of run-time noise (dropout, Gumbel): with the step it fixes every random draw */
    long seed;
    long step;
    long skippedBatches;
    long controllerSteps;
    long skippedControllerSteps;
    /** V was loaded from another run and is not trained here */
    boolean controllerFrozen;
    /** the DRS step at which the last controller step ran (-1: none) */
    long lastControllerAt = -1;
    /** the last applied training batch, which the next controller step differentiates through */
    List<Example> lastBatch;
    /** {@code [B * k]} the item statistics the last training batch was trained with (autoloss-item), for the controller step that follows */
    float[] lastBatchItemInputs;
    /** the step index the last training batch was trained at (its noise seed and temperature) */
    long lastBatchStep;
    /** l2rw: the validation batch its DRS steps weigh their examples by (null until a controller step hands one) */
    List<Example> validationBatch;
    double[] meanWeights;
    /**
     * Per table row, a DRS step at or after its last change (0: never changed), for delta snapshots. Steps mark
     * the rows they change in a small bitmap (cheap at tens of thousands of rows a step); the marks are stamped
     * with the current step when the change steps are read, which may date a change a little late: a delta then
     * carries a row it could have skipped, never misses one.
     */
    private final int[] lastUpdated;
    private final long[] changedSinceStamp;

    TrainerState(long seed, int rows, int candidates) {
        this.seed = seed;
        this.lastUpdated = new int[rows];
        this.changedSinceStamp = new long[(rows + 63) >>> 6];
        this.meanWeights = new double[candidates];
    }

    void markUpdated(int[] rows) {
        for (int row : rows) {
            changedSinceStamp[row >>> 6] |= 1L << row;
        }
    }

    /** The table rows changed after DRS step {@code step} (ascending), by {@link #lastUpdated()}. */
    int[] rowsChangedAfter(long step) {
        int[] changedAt = lastUpdated();
        int count = 0;
        for (int v : changedAt) {
            if (v > step) {
                count++;
            }
        }
        int[] rows = new int[count];
        int k = 0;
        for (int row = 0; row < changedAt.length && k < count; row++) {
            if (changedAt[row] > step) {
                rows[k++] = row;
            }
        }
        return rows;
    }

    /** Records that {@code rows} changed at or before {@code step} (restoring from an increment written then). */
    void markChangedAt(int[] rows, long step) {
        markChangedAt(lastUpdated, rows, step);
    }

    /** Raises the change steps of {@code rows} in {@code lastUpdated} (as {@link #lastUpdated()} holds them) to at least {@code step}. */
    static void markChangedAt(int[] lastUpdated, int[] rows, long step) {
        int at = (int) Math.min(step, Integer.MAX_VALUE);
        for (int row : rows) {
            lastUpdated[row] = Math.max(lastUpdated[row], at);
        }
    }

    /** Per table row, a step at or after its last change (0: never); the live array, for snapshots. */
    int[] lastUpdated() {
        int now = (int) Math.min(step, Integer.MAX_VALUE);
        for (int word = 0; word < changedSinceStamp.length; word++) {
            long bits = changedSinceStamp[word];
            while (bits != 0) {
                lastUpdated[(word << 6) + Long.numberOfTrailingZeros(bits)] = now;
                bits &= bits - 1;
            }
            changedSinceStamp[word] = 0;
        }
        return lastUpdated;
    }
}
