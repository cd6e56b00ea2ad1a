package dev.autoloss.model.features;

/**
 * Draws value ranks 0..n-1 of a field with a heavy (Zipf-like, continuous power-law) tail in O(1):
 * {@code x = (1 + u ((n+1)^(1-s) - 1))^(1/(1-s))}, rank = floor(x) - 1. The exponent s is solved so that
 * the most frequent value has the requested share, which is what real logs show most directly.
 */
final class ZipfSampler {

    private static final double MAX_EXPONENT = 8;
    private static final int BISECTIONS = 100;
    private static final double NEAR_ONE = 1e-6;

    private final long n;
    private final double span;
    private final double inverse;

    ZipfSampler(long n, double topShare) {
        this.n = n;
        double s = exponentFor(n, Math.max(topShare, 1.0 / n));
        if (Math.abs(1 - s) < NEAR_ONE) {
            s = 1 + NEAR_ONE; // the formula divides by 1 - s
        }
        this.span = Math.pow(n + 1.0, 1 - s) - 1;
        this.inverse = 1 / (1 - s);
    }

    /** @param u uniform in [0, 1) */
    long rank(double u) {
        long x = (long) Math.pow(1 + u * span, inverse);
        return Math.min(Math.max(x, 1), n) - 1;
    }

    /** Share of rank 0 under exponent s: P(x < 2). */
    static double topShare(long n, double s) {
        if (Math.abs(1 - s) < NEAR_ONE) {
            return Math.log(2) / Math.log(n + 1.0);
        }
        return (Math.pow(2, 1 - s) - 1) / (Math.pow(n + 1.0, 1 - s) - 1);
    }

    private static double exponentFor(long n, double share) {
        double lo = 0;
        double hi = MAX_EXPONENT;
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = (lo + hi) / 2;
            if (topShare(n, mid) < share) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
