package dev.autoloss.model.features;

import java.util.Arrays;

/**
 * The hidden truth behind {@link CriteoGenerator}'s clicks: a logistic model with
 * <ul>
 *   <li>a weight per (categorical column, value), {@code sigma_c * U(-1, 1)}, missing included, where the
 *       column scales {@code sigma_c = 0.8 * U(0,1)^2} make a few columns matter much and most little;</li>
 *   <li>a slope per numeric column on its latent normal (so the effect is monotone in the count, which
 *       bucketing can learn), and a weight for "missing";</li>
 *   <li>a factorization-machine term over the small categorical columns (latent dimension 4), which
 *       only a model with pairwise interactions can capture;</li>
 *   <li>a bias calibrated to the wanted click rate (with drift: at 16 points of the turn, interpolated
 *       between them, so the rate holds while the truth moves).</li>
 * </ul>
 * Every weight is derived from the seed by {@link Mix64}, so fields with ten million values need no
 * tables. With drift, every weight turns from its "a" draw towards an independent "b" draw as
 * {@code cos(phi) a + sin(phi) b}, phi = 2 pi t / period, which keeps each weight's spread unchanged.
 */
final class PlantedTeacher {

    private static final double CATEGORICAL_SCALE = 0.8;
    private static final double NUMERIC_SCALE = 0.5;
    private static final double FM_SCALE = 0.6;
    private static final int FM_DIM = 4;
    /** C6, C9, C14, C17, C20, C23: the columns with at most a few dozen values (0-based categorical index). */
    private static final int[] FM_COLUMNS = {5, 8, 13, 16, 19, 22};
    private static final double BIAS_BOUND = 30;
    private static final int BISECTIONS = 60;
    private static final int DRIFT_PHASES = 16;

    private final long driftPeriod;
    private final double[] categoricalScale = new double[CriteoLikeColumns.CATEGORICAL.length];
    private final double[] numericSlopeA = new double[CriteoLikeColumns.NUMERIC.length];
    private final double[] numericSlopeB = new double[CriteoLikeColumns.NUMERIC.length];
    private final long[] saltA = new long[CriteoLikeColumns.CATEGORICAL.length + CriteoLikeColumns.NUMERIC.length];
    private final long[] saltB = new long[saltA.length];
    private final double[] fmSum = new double[FM_DIM];
    /** the bias at equally spaced points of the drift's turn (one point without drift) */
    private final double[] bias;

    PlantedTeacher(long seed, long driftPeriod) {
        this.driftPeriod = driftPeriod;
        this.bias = new double[driftPeriod == 0 ? 1 : DRIFT_PHASES];
        long root = Mix64.mix(seed, 0x7eac4e7L);
        // each kind of draw takes its own index range under the root (scales 0.., slopes 100.. and 200..,
        // value salts 1000.. and 2000..), so no two draws share an input
        for (int c = 0; c < categoricalScale.length; c++) {
            double u = (Mix64.signedUnit(Mix64.mix(root, c)) + 1) / 2;
            categoricalScale[c] = CATEGORICAL_SCALE * u * u;
        }
        for (int i = 0; i < numericSlopeA.length; i++) {
            numericSlopeA[i] = NUMERIC_SCALE * Mix64.signedUnit(Mix64.mix(root, 100 + i));
            numericSlopeB[i] = NUMERIC_SCALE * Mix64.signedUnit(Mix64.mix(root, 200 + i));
        }
        for (int k = 0; k < saltA.length; k++) {
            saltA[k] = Mix64.mix(root, 1000 + k);
            saltB[k] = Mix64.mix(root, 2000 + k);
        }
    }

    /** The click log-odds of a drawn row at line {@code index}. */
    double logit(long index, double[] latents, long[] ranks) {
        double turns = driftPeriod == 0 ? 0 : (double) (index % driftPeriod) / driftPeriod;
        return biasAt(turns) + unbiased(turns, latents, ranks);
    }

    /** The log-odds without the bias, {@code turns} (0..1) of the way round the drift. */
    private double unbiased(double turns, double[] latents, long[] ranks) {
        double phi = 2 * Math.PI * turns;
        double cos = Math.cos(phi);
        double sin = Math.sin(phi);
        double z = 0;
        int numerics = latents.length;
        for (int i = 0; i < numerics; i++) {
            double g = latents[i];
            z += Double.isNaN(g)
                    ? NUMERIC_SCALE * turn(saltA[ranks.length + i], saltB[ranks.length + i], 0, cos, sin)
                    : (cos * numericSlopeA[i] + sin * numericSlopeB[i]) * g;
        }
        for (int c = 0; c < ranks.length; c++) {
            z += categoricalScale[c] * turn(saltA[c], saltB[c], ranks[c], cos, sin);
        }
        return z + interactions(ranks, cos, sin);
    }

    private double biasAt(double turns) {
        double at = turns * bias.length;
        int k = (int) at;
        double w = at - k;
        return w == 0 ? bias[k] : (1 - w) * bias[k] + w * bias[(k + 1) % bias.length];
    }

    /** FM(v) = 0.5 * sum_d((sum_f v_fd)^2 - sum_f v_fd^2) over the FM columns' latent vectors. */
    private double interactions(long[] ranks, double cos, double sin) {
        Arrays.fill(fmSum, 0);
        double squares = 0;
        for (int c : FM_COLUMNS) {
            long a = Mix64.mix(~saltA[c], ranks[c]);
            long b = Mix64.mix(~saltB[c], ranks[c]);
            for (int d = 0; d < FM_DIM; d++) {
                double v = FM_SCALE * (cos * Mix64.signedUnit16(a, d) + sin * Mix64.signedUnit16(b, d));
                fmSum[d] += v;
                squares += v * v;
            }
        }
        double sumSquared = 0;
        for (double s : fmSum) {
            sumSquared += s * s;
        }
        return 0.5 * (sumSquared - squares);
    }

    private static double turn(long saltA, long saltB, long rank, double cos, double sin) {
        double a = Mix64.signedUnit(Mix64.mix(saltA, rank));
        return sin == 0 ? a : cos * a + sin * Mix64.signedUnit(Mix64.mix(saltB, rank));
    }

    /**
     * Sets the bias, at each calibration point of the turn, so that the mean click probability over these
     * sample rows is {@code rate}.
     */
    void calibrate(double[][] latentRows, long[][] rankRows, double rate) {
        double[] logits = new double[latentRows.length];
        for (int k = 0; k < bias.length; k++) {
            double turns = (double) k / bias.length;
            for (int r = 0; r < logits.length; r++) {
                logits[r] = unbiased(turns, latentRows[r], rankRows[r]);
            }
            bias[k] = biasFor(logits, rate);
        }
    }

    private static double biasFor(double[] logits, double rate) {
        double lo = -BIAS_BOUND;
        double hi = BIAS_BOUND;
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = (lo + hi) / 2;
            double mean = 0;
            for (double z : logits) {
                mean += sigmoid(mid + z);
            }
            if (mean / logits.length < rate) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
