package dev.autoloss.model.eval;

import java.util.Arrays;

/**
 * Exact area under the ROC curve, by ranks (the Mann-Whitney U statistic), not by sampling pairs or
 * binning scores. Tied scores count half: the rank of a tie group is its mid-rank, as in scikit-learn's
 * {@code roc_auc_score}.
 *
 * <p>Undefined cases, by rule: the AUC of a set without positives or without negatives is
 * {@link Double#NaN} (a sliding window early in a stream can be all one class; the caller decides
 * whether that is an error). The macro one-vs-rest AUC averages the classes whose AUC is defined
 * and is NaN when none is. A NaN or infinite score is an error naming the example.
 *
 * <p>Cost: one sort of n packed {@code long}s, O(n log n); about 10 ms for n = 100,000 on a 2-core machine.
 */
public final class Auc {

    private Auc() {}

    /** AUC of {@code scores} (higher = more likely positive) against 0/1 {@code labels}. */
    public static double binary(float[] scores, float[] labels) {
        Labels.requireSameLength(scores.length, 1, labels.length);
        long[] keyed = new long[scores.length];
        for (int i = 0; i < scores.length; i++) {
            keyed[i] = key(scores[i], Labels.positive(labels[i], i), i);
        }
        return fromKeys(keyed);
    }

    /**
     * Macro-averaged one-vs-rest AUC: for each class c, the AUC of {@code p_c} for "label is c" against
     * "label is another class", then the unweighted mean over classes whose AUC is defined.
     *
     * @param probabilities row-major {@code [n * classes]}
     * @param labels class indices {@code 0..classes-1}
     */
    public static double macroOneVsRest(float[] probabilities, int classes, float[] labels) {
        Labels.requireSameLength(probabilities.length, classes, labels.length);
        int n = labels.length;
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = Labels.classIndex(labels[i], classes, i);
        }
        long[] keyed = new long[n];
        double sum = 0;
        int defined = 0;
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < n; i++) {
                keyed[i] = key(probabilities[i * classes + c], truth[i] == c, i);
            }
            double auc = fromKeys(keyed);
            if (!Double.isNaN(auc)) {
                sum += auc;
                defined++;
            }
        }
        return defined == 0 ? Double.NaN : sum / defined;
    }

    /**
     * Packs a score and its label into one long that sorts by score: the score's bits made monotone
     * in the high 32 bits, the label in bit 0. Sorting primitives avoids boxing n objects per call.
     */
    private static long key(float score, boolean positive, int index) {
        if (!Float.isFinite(score)) {
            throw new IllegalArgumentException("example " + index + ": score is " + score);
        }
        int bits = Float.floatToIntBits(score + 0.0f); // + 0.0f turns -0.0 into 0.0, so they tie
        int monotone = bits >= 0 ? bits : bits ^ 0x7fffffff;
        return ((long) monotone << 32) | (positive ? 1L : 0L);
    }

    private static double fromKeys(long[] keyed) {
        Arrays.sort(keyed);
        long negativesBelow = 0;
        long positives = 0;
        double wins = 0; // pairs (positive, negative) ordered correctly; ties count half
        int i = 0;
        while (i < keyed.length) {
            long score = keyed[i] >> 32;
            long groupPositives = 0;
            long groupNegatives = 0;
            for (; i < keyed.length && keyed[i] >> 32 == score; i++) {
                if ((keyed[i] & 1L) == 1L) {
                    groupPositives++;
                } else {
                    groupNegatives++;
                }
            }
            wins += groupPositives * (negativesBelow + 0.5 * groupNegatives);
            negativesBelow += groupNegatives;
            positives += groupPositives;
        }
        long negatives = negativesBelow;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return wins / ((double) positives * negatives);
    }
}
