package dev.autoloss.model.experiment;

import java.util.Map;

/**
 * Where a run stood after one epoch: the learning curve and the controller's state that the report's charts draw.
 *
 * @param epoch 1-based epoch
 * @param step DRS steps taken by the end of the epoch
 * @param validationAuc validation AUC after the epoch (NaN when undefined)
 * @param lossWeights mean weight per candidate loss over the epoch's last training batch, by candidate name
 * @param temperature the Gumbel-softmax temperature at that step
 */
public record EpochRecord(int epoch, long step, double validationAuc, Map<String, Double> lossWeights, double temperature) {}
