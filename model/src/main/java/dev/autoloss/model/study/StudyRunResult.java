package dev.autoloss.model.study;

import java.util.Map;

/**
 * One method trained in one pass over one condition's stream of one seed. The figures are prequential (each click
 * scored before the step that trained on it) against the clean labels, over the clicks of the stream's last
 * {@link Study#TAIL} share.
 *
 * @param observedAuc        the same clicks' AUC against their observed labels (as first ingested): what a monitor would see
 * @param meanPrediction     the mean predicted click probability on them
 * @param cleanPositiveRate  their clean click rate (a calibrated model's mean prediction)
 * @param aucByTenth         AUC against the clean labels of each tenth of the stream's clicks, in order: the learning curve
 * @param trainedEvents      events the trainer trained on
 * @param lossWeights        the mean weight of each candidate loss over the last training batch
 * @param stream             what the stream ingested (the same for every method of a condition and seed)
 */
public record StudyRunResult(long seed, double auc, double logLoss, double calibrationError, double observedAuc,
        double meanPrediction, double cleanPositiveRate, double[] aucByTenth, long trainedEvents, long steps, long controllerSteps,
        long skippedBatches, Map<String, Double> lossWeights, StreamCounts stream, double seconds) {}
