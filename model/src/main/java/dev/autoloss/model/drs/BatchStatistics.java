package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * What BatchNorm normalises with: per-feature mean and (biased) variance, and the unbiased variance that
 * the running average keeps, as PyTorch does.
 */
public record BatchStatistics<T extends TFloating>(Operand<T> mean, Operand<T> variance, Operand<T> unbiasedVariance) {

    BatchStatistics<T> stopGradient(Ops tf) {
        return new BatchStatistics<>(tf.stopGradient(mean), tf.stopGradient(variance), tf.stopGradient(unbiasedVariance));
    }
}
