package dev.autoloss.model.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.ToDoubleFunction;

/** Central finite differences and a comparison that names the worst coordinate when it fails. */
public final class FiniteDifferences {

    private FiniteDifferences() {}

    /** {@code (f(x + h e_i) - f(x - h e_i)) / 2h} for every coordinate i. */
    public static double[] gradient(double[] x, double h, ToDoubleFunction<double[]> f) {
        double[] g = new double[x.length];
        double[] probe = x.clone();
        for (int i = 0; i < x.length; i++) {
            probe[i] = x[i] + h;
            double up = f.applyAsDouble(probe);
            probe[i] = x[i] - h;
            double down = f.applyAsDouble(probe);
            probe[i] = x[i];
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    /** Below this both sides count as zero (a bias before BatchNorm, say, has no effect on the loss). */
    private static final double ZERO = 1e-9;

    /**
     * Fails unless every coordinate agrees: {@code |a - n| <= tolerance * max(scale, |a|, |n|)}, where
     * {@code scale} is the largest magnitude in either vector times {@code floor} (so near-zero entries of a
     * large gradient are compared in absolute terms), and entries below 1e-9 on both sides count as zero.
     */
    public static void assertAgree(String what, double[] analytic, double[] numeric, double tolerance, double floor) {
        if (analytic.length != numeric.length) {
            fail(what + ": " + analytic.length + " analytic vs " + numeric.length + " numeric values");
        }
        double largest = 0;
        for (int i = 0; i < analytic.length; i++) {
            largest = Math.max(largest, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
        }
        double scale = Math.max(largest * floor, ZERO / tolerance);
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < analytic.length; i++) {
            double allowed = tolerance * Math.max(scale, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
            double error = Math.abs(analytic[i] - numeric[i]);
            double ratio = allowed == 0 ? (error == 0 ? 0 : Double.POSITIVE_INFINITY) : error / allowed;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = i;
            }
        }
        if (worstRatio > 1) {
            fail(String.format("%s: gradient disagrees with finite differences at element %d of %d: analytic %.10g, numeric %.10g (tolerance %.1g relative)",
                    what, worst, analytic.length, analytic[worst], numeric[worst], tolerance));
        }
    }
}
