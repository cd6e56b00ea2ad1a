package dev.autoloss.model.eval;

import org.apache.commons.math3.stat.inference.TTest;

/**
 * Two-sided two-sample t-test of the difference of two methods' means over seeds, as the paper
 * compares methods. It is Welch's test (commons-math3 {@link TTest#tTest(double[], double[])}):
 * the two variances are not assumed equal, and the degrees of freedom come from the
 * Welch-Satterthwaite formula.
 *
 * @param t positive when the first sample's mean is larger
 * @param pValue two-sided; NaN when both samples have zero variance (identical runs)
 */
public record WelchTTest(double t, double pValue, int n1, int n2) {

    /** Compares {@code first} against {@code second}; each needs at least two values. */
    public static WelchTTest of(double[] first, double[] second) {
        if (first.length < 2 || second.length < 2) {
            throw new IllegalArgumentException("a t-test needs at least 2 runs per method, got "
                    + first.length + " and " + second.length);
        }
        TTest test = new TTest();
        return new WelchTTest(test.t(first, second), test.tTest(first, second), first.length, second.length);
    }

    /** Whether the difference is significant at level {@code alpha} (e.g. 0.05). */
    public boolean significantAt(double alpha) {
        return pValue < alpha;
    }
}
