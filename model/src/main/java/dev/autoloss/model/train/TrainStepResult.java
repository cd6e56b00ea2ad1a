package dev.autoloss.model.train;

import java.util.List;

/**
 * What one DRS step did.
 *
 * @param step    DRS steps taken so far (not counting skipped batches)
 * @param loss    the weighted training loss of the batch (NaN or infinite when skipped)
 * @param skipped true when the batch's loss or a gradient was not finite and nothing was changed
 * @param nonFiniteEvents for a skipped batch, the events whose own loss was not finite (empty when only a
 *                        gradient was, or when nothing was skipped)
 * @param scoredPredictions the predictions of the examples scored before the step ({@link Trainer#train(List, List)}),
 *                          row-major {@code [n * outputs]}; empty when none were
 */
public record TrainStepResult(long step, double loss, boolean skipped, List<String> nonFiniteEvents, float[] scoredPredictions) {

    public TrainStepResult {
        nonFiniteEvents = List.copyOf(nonFiniteEvents);
    }
}
