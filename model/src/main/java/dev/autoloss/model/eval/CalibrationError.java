package dev.autoloss.model.eval;

/**
 * Expected calibration error of binary predictions (Naeini et al. 2015): the predictions are put in equal-width bins of
 * [0, 1]; {@code ECE = sum_b (n_b / n) |mean p in b - share of positives in b|}. 0 for a calibrated model whatever its
 * ranking, so it shows what AUC cannot: a model trained on noisy or delayed labels predicts too many or too few clicks.
 * NaN for no examples.
 */
public final class CalibrationError {

    /** The bins of {@link #expected(float[], float[])}. */
    public static final int BINS = 10;

    private CalibrationError() {}

    public static double expected(float[] probabilities, float[] labels) {
        return expected(probabilities, labels, BINS);
    }

    public static double expected(float[] probabilities, float[] labels, int bins) {
        Labels.requireSameLength(probabilities.length, 1, labels.length);
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        double[] predicted = new double[bins];
        double[] positives = new double[bins];
        long[] counts = new long[bins];
        for (int i = 0; i < labels.length; i++) {
            float p = probabilities[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("example " + i + ": probability must be in [0, 1], got " + p);
            }
            int bin = Math.min(bins - 1, (int) (p * bins));
            predicted[bin] += p;
            positives[bin] += Labels.positive(labels[i], i) ? 1 : 0;
            counts[bin]++;
        }
        double error = 0;
        for (int b = 0; b < bins; b++) {
            error += Math.abs(predicted[b] - positives[b]); // n_b |mean p - rate| = |sum p - positives|
        }
        return labels.length == 0 ? Double.NaN : error / labels.length;
    }
}
