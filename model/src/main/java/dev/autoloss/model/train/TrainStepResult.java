package dev.autoloss.model.train;

/**
 * What one DRS step did.
 *
 * @param step    DRS steps taken so far (not counting skipped batches)
 * @param loss    the weighted training loss of the batch (NaN or infinite when skipped)
 * @param skipped true when the batch's loss or a gradient was not finite and nothing was changed
 */
public record TrainStepResult(long step, double loss, boolean skipped) {}
