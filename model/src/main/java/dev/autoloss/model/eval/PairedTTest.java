package dev.autoloss.model.eval;

import org.apache.commons.math3.stat.inference.TTest;

/**
 * Two-sided paired t-test of two methods run on the same seeds (commons-math3 {@link TTest#pairedTTest}): the
 * per-seed differences are tested against 0, so the spread that seeds share (the stream, the teacher) cancels.
 *
 * @param meanDifference the mean of {@code first[i] - second[i]}
 * @param sdDifference their sample standard deviation
 * @param t positive when the first is larger on average
 * @param pValue two-sided; NaN when every difference is the same (no spread to test against)
 * @param n pairs
 */
public record PairedTTest(double meanDifference, double sdDifference, double t, double pValue, int n) {

    /** Compares {@code first} against {@code second}, pair by pair; they need the same length, at least 2. */
    public static PairedTTest of(double[] first, double[] second) {
        if (first.length != second.length || first.length < 2) {
            throw new IllegalArgumentException("a paired t-test needs the same number of runs of each method, at least 2, got "
                    + first.length + " and " + second.length);
        }
        double[] differences = new double[first.length];
        for (int i = 0; i < first.length; i++) {
            differences[i] = first[i] - second[i];
        }
        Summary d = Summary.of(differences);
        if (d.sd() == 0) {
            return new PairedTTest(d.mean(), 0, Double.NaN, Double.NaN, first.length);
        }
        TTest test = new TTest();
        return new PairedTTest(d.mean(), d.sd(), test.pairedT(first, second), test.pairedTTest(first, second), first.length);
    }
}
