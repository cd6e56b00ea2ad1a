package dev.autoloss.model.features;

/**
 * Settings of {@link CriteoGenerator}; validated on construction (an IllegalArgumentException names the setting).
 *
 * @param seed         everything the generator draws follows from it: the same seed gives the same lines
 * @param positiveRate the share of clicks to aim for (calibrated once, so it holds to about a percent)
 * @param labelNoise   the chance that a label is flipped after it is drawn from the teacher; the
 *                     teacher's rate is adjusted so that positiveRate still holds; must stay below
 *                     min(positiveRate, 1 - positiveRate)
 * @param driftPeriod  lines per full turn of the teacher's weights (0 = no drift): at line t every hidden
 *                     weight is {@code cos(2 pi t / period) * a + sin(2 pi t / period) * b} for two fixed
 *                     random weights a and b, so after a quarter period the truth is a fresh one
 */
public record GeneratorConfig(long seed, double positiveRate, double labelNoise, long driftPeriod) {

    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_POSITIVE_RATE = 0.25;

    public GeneratorConfig {
        if (!(positiveRate > 0 && positiveRate < 1)) {
            throw new IllegalArgumentException("positiveRate must be between 0 and 1 (exclusive), got " + positiveRate);
        }
        if (!(labelNoise >= 0 && labelNoise < Math.min(positiveRate, 1 - positiveRate))) {
            throw new IllegalArgumentException("labelNoise must be at least 0 and below min(positiveRate, 1 - positiveRate) = "
                    + Math.min(positiveRate, 1 - positiveRate) + ", got " + labelNoise);
        }
        if (driftPeriod < 0) {
            throw new IllegalArgumentException("driftPeriod must be 0 (no drift) or a number of lines, got " + driftPeriod);
        }
    }

    /** Seed 42, 25% positives, no label noise, no drift. */
    public static GeneratorConfig defaults() {
        return new GeneratorConfig(DEFAULT_SEED, DEFAULT_POSITIVE_RATE, 0, 0);
    }

    public GeneratorConfig withSeed(long newSeed) {
        return new GeneratorConfig(newSeed, positiveRate, labelNoise, driftPeriod);
    }

    public GeneratorConfig withPositiveRate(double rate) {
        return new GeneratorConfig(seed, rate, labelNoise, driftPeriod);
    }

    public GeneratorConfig withLabelNoise(double noise) {
        return new GeneratorConfig(seed, positiveRate, noise, driftPeriod);
    }

    public GeneratorConfig withDriftPeriod(long lines) {
        return new GeneratorConfig(seed, positiveRate, labelNoise, lines);
    }

    /** The teacher's own click rate, so that after flipping labelNoise of the labels positiveRate remains. */
    double cleanPositiveRate() {
        return (positiveRate - labelNoise) / (1 - 2 * labelNoise);
    }
}
