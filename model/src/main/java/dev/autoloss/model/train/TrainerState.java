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
    /** the step index the last training batch was trained at (its noise seed and temperature) */
    long lastBatchStep;
    double[] meanWeights;
    /** per table row, the DRS step that last changed it (0: never), for delta snapshots */
    final int[] lastUpdated;

    TrainerState(long seed, int rows, int candidates) {
        this.seed = seed;
        this.lastUpdated = new int[rows];
        this.meanWeights = new double[candidates];
    }

    void markUpdated(int[] rows) {
        int version = (int) Math.min(step, Integer.MAX_VALUE);
        for (int row : rows) {
            lastUpdated[row] = version;
        }
    }
}
