package dev.autoloss.model.eval;

/**
 * Mean negative log-likelihood of the labels under the predicted probabilities, with each probability
 * clamped to {@code [1e-7, 1 - 1e-7]} (the same clamp as the candidate losses, docs/algorithm.md) so a
 * confident mistake costs about 16.1, not infinity. The mean over zero examples is NaN.
 */
public final class LogLoss {

    /** Probabilities are clamped to {@code [CLAMP, 1 - CLAMP]} before the logarithm. */
    public static final double CLAMP = 1e-7;

    private LogLoss() {}

    /** Binary log-loss {@code -mean(y log p + (1-y) log(1-p))} of probabilities {@code p} for 0/1 labels. */
    public static double binary(float[] probabilities, float[] labels) {
        Labels.requireSameLength(probabilities.length, 1, labels.length);
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double p = clamp(probabilities[i], i);
            sum -= Labels.positive(labels[i], i) ? Math.log(p) : Math.log(1 - p);
        }
        return sum / labels.length;
    }

    /**
     * Multiclass log-loss {@code -mean(log p_t)}, {@code p_t} the probability given to the true class.
     *
     * @param probabilities row-major {@code [n * classes]}
     * @param labels class indices {@code 0..classes-1}
     */
    public static double multiclass(float[] probabilities, int classes, float[] labels) {
        Labels.requireSameLength(probabilities.length, classes, labels.length);
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            int t = Labels.classIndex(labels[i], classes, i);
            sum -= Math.log(clamp(probabilities[i * classes + t], i));
        }
        return sum / labels.length;
    }

    private static double clamp(float p, int index) {
        if (Float.isNaN(p)) {
            throw new IllegalArgumentException("example " + index + ": probability is NaN");
        }
        return Math.min(1 - CLAMP, Math.max(CLAMP, p));
    }
}
