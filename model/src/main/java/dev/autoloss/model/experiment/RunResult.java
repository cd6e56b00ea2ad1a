package dev.autoloss.model.experiment;

import java.util.List;

/**
 * One method trained on one seed's split: the model of the best validation epoch, measured on test.
 *
 * @param epochs epochs trained before early stopping (or the epoch limit)
 * @param bestEpoch the 1-based epoch whose model was kept and tested
 * @param validationAuc the kept model's validation AUC, measured after restoring it (so equal to that epoch's)
 * @param trainingSteps DRS steps taken in all epochs
 * @param controllerSteps controller (V) steps taken in all epochs
 * @param skippedBatches training batches skipped because their loss or gradients were not finite
 * @param seconds wall time of the whole run: training, validation and test
 * @param history one record per epoch trained, in order
 */
public record RunResult(
        String method, long seed, int epochs, int bestEpoch, double validationAuc,
        double testAuc, double testLogLoss,
        long trainingSteps, long controllerSteps, long skippedBatches, double seconds, List<EpochRecord> history) {}
