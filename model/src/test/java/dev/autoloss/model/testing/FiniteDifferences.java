package dev.autoloss.model.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.ToDoubleFunction;

/** Central finite differences and a comparison that names the worst coordinate when it fails. */
public final class FiniteDifferences {

    private FiniteDifferences() {}

    /** {@code (f(x + h e_i) - f(x - h e_i)) / 2h} for every coordinate i. */
    public static double[] gradient(double[] x, double h, ToDoubleFunction<double[]> f) {
        return gradient(x, java.util.stream.IntStream.range(0, x.length).toArray(), h, f);
    }

    /** The same for the given coordinates only, in their order. */
    public static double[] gradient(double[] x, int[] coordinates, double h, ToDoubleFunction<double[]> f) {
        double[] g = new double[coordinates.length];
        double[] probe = x.clone();
        for (int k = 0; k < coordinates.length; k++) {
            int i = coordinates[k];
            probe[i] = x[i] + h;
            double up = f.applyAsDouble(probe);
            probe[i] = x[i] - h;
            double down = f.applyAsDouble(probe);
            probe[i] = x[i];
            g[k] = (up - down) / (2 * h);
        }
        return g;
    }

    /**
     * Fails unless every coordinate agrees: {@code |a - n| <= max(absolute, tolerance * max(scale, |a|, |n|))},
     * where {@code scale} is the largest magnitude in either vector times {@code floor} (so near-zero entries of a
     * large gradient are compared in absolute terms) and {@code absolute} is the finest difference finite
     * differences can resolve for the function at hand.
     */
    public static void assertAgree(String what, double[] analytic, double[] numeric, double tolerance, double floor, double absolute) {
        if (analytic.length != numeric.length) {
            fail(what + ": " + analytic.length + " analytic vs " + numeric.length + " numeric values");
        }
        double largest = 0;
        for (int i = 0; i < analytic.length; i++) {
            largest = Math.max(largest, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
        }
        double scale = largest * floor;
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < analytic.length; i++) {
            double allowed = Math.max(absolute, tolerance * Math.max(scale, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i]))));
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
