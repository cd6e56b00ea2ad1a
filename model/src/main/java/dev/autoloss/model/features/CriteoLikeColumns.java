package dev.autoloss.model.features;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The shape of Criteo's 39 feature columns, for {@link CriteoGenerator}: per numeric column the missing
 * rate and the log-normal spread of {@code ln(1 + v)} (measured on the 8,000-row Kaggle sample); per
 * categorical column the full data set's cardinality (from 10 to 10 million), the share of its most
 * frequent value and the missing rate.
 */
final class CriteoLikeColumns {

    /** A count column: missing with probability {@code missing}, -1 with {@code negative}, else round(e^(mean + sd g) - 1). */
    record Numeric(double missing, double logMean, double logSd, double negative) {}

    /** A categorical column of {@code cardinality} values, the top one with share {@code topShare}. */
    record Categorical(long cardinality, double topShare, double missing) {}

    static final Numeric[] NUMERIC = {
        new Numeric(0.452, 0.79, 0.97, 0), new Numeric(0, 2.11, 2.13, 0.10), new Numeric(0.203, 2.24, 1.28, 0),
        new Numeric(0.203, 1.73, 0.96, 0), new Numeric(0.049, 7.28, 2.87, 0), new Numeric(0.252, 3.60, 1.80, 0),
        new Numeric(0.050, 1.53, 1.35, 0), new Numeric(0.001, 2.05, 1.18, 0), new Numeric(0.050, 3.62, 1.69, 0),
        new Numeric(0.452, 0.37, 0.39, 0), new Numeric(0.050, 0.85, 0.74, 0), new Numeric(0.777, 0.29, 0.60, 0),
        new Numeric(0.203, 1.89, 1.06, 0),
    };

    static final Categorical[] CATEGORICAL = {
        new Categorical(1460, 0.50, 0), new Categorical(583, 0.12, 0), new Categorical(10_131_227, 0.05, 0.033),
        new Categorical(2_202_608, 0.078, 0.033), new Categorical(305, 0.67, 0), new Categorical(24, 0.53, 0.131),
        new Categorical(12_517, 0.011, 0), new Categorical(633, 0.60, 0), new Categorical(3, 0.89, 0),
        new Categorical(93_145, 0.28, 0), new Categorical(5683, 0.02, 0), new Categorical(8_351_593, 0.05, 0.033),
        new Categorical(3194, 0.022, 0), new Categorical(27, 0.36, 0), new Categorical(14_992, 0.02, 0),
        new Categorical(5_461_306, 0.05, 0.033), new Categorical(10, 0.43, 0), new Categorical(5652, 0.051, 0),
        new Categorical(2173, 0.60, 0.453), new Categorical(4, 0.35, 0.453), new Categorical(7_046_547, 0.05, 0.033),
        new Categorical(18, 0.52, 0.817), new Categorical(15, 0.45, 0), new Categorical(286_181, 0.08, 0.033),
        new Categorical(105, 0.33, 0.453), new Categorical(142_572, 0.086, 0.453),
    };

    /** Marks a missing value among the drawn numeric latents and categorical ranks. */
    static final long MISSING_RANK = -1;

    /** Latent threshold below which a column with a negative share writes -1 (the lower tail of g). */
    private static final double[] NEGATIVE_CUT = new double[NUMERIC.length];

    static {
        for (int i = 0; i < NUMERIC.length; i++) {
            NEGATIVE_CUT[i] = NUMERIC[i].negative() > 0 ? inverseNormal(NUMERIC[i].negative()) : Double.NEGATIVE_INFINITY;
        }
    }

    private final ZipfSampler[] zipf = new ZipfSampler[CATEGORICAL.length];

    CriteoLikeColumns() {
        for (int c = 0; c < CATEGORICAL.length; c++) {
            zipf[c] = new ZipfSampler(CATEGORICAL[c].cardinality(), CATEGORICAL[c].topShare());
        }
    }

    /**
     * Draws one row: a standard-normal latent per numeric column (NaN when missing; the value and the
     * teacher both read it) and a value rank per categorical column ({@link #MISSING_RANK} when missing).
     */
    void draw(SplittableRandom random, double[] latents, long[] ranks) {
        for (int i = 0; i < NUMERIC.length; i++) {
            latents[i] = random.nextDouble() < NUMERIC[i].missing() ? Double.NaN : random.nextGaussian();
        }
        for (int c = 0; c < CATEGORICAL.length; c++) {
            double u = random.nextDouble();
            double missing = CATEGORICAL[c].missing();
            // one uniform decides both, so a row costs one draw per column: below `missing` it is absent,
            // above it is rescaled to [0, 1) for the rank
            ranks[c] = u < missing ? MISSING_RANK : zipf[c].rank((u - missing) / (1 - missing));
        }
    }

    /** The count written for a numeric latent; the negative values come from the latent's own tail. */
    static long numericValue(int column, double latent) {
        Numeric spec = NUMERIC[column];
        if (spec.negative() > 0 && latent < NEGATIVE_CUT[column]) {
            return -1;
        }
        return Math.round(Math.expm1(Math.max(0, spec.logMean() + spec.logSd() * latent)));
    }

    private static double inverseNormal(double p) {
        return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(p);
    }
}
