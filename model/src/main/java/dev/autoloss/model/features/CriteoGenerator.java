package dev.autoloss.model.features;

import java.io.IOException;
import java.io.Writer;
import java.util.SplittableRandom;

/**
 * Writes Criteo-format lines (label, I1..I13, C1..C26, tab-separated, empty = missing) for volume tests:
 * columns shaped like Criteo's ({@link CriteoLikeColumns}: skewed counts, heavy-tailed categoricals
 * from 3 to 10 million values, Criteo's missing rates) and clicks drawn from a hidden
 * {@link PlantedTeacher}, so a model has something measurable to learn; optional label noise and drift.
 * Deterministic: the same {@link GeneratorConfig} gives the same lines, on any machine. Not thread-safe;
 * run one generator per thread with different seeds.
 */
public final class CriteoGenerator {

    /** Rows drawn (from a separate stream) to calibrate the teacher's bias to the wanted click rate. */
    private static final int CALIBRATION_ROWS = 10_000;
    private static final long CALIBRATION_SALT = 0x5eed_ca1bL;
    private static final long VALUE_ID_SALT = 0x1d5L;
    private static final int MAX_LINE_CHARS = 1024;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final GeneratorConfig config;
    private final SplittableRandom random;
    private final CriteoLikeColumns columns = new CriteoLikeColumns();
    private final PlantedTeacher teacher;
    private final long[] valueIdSalts = new long[CriteoLikeColumns.CATEGORICAL.length];
    private final double[] latents = new double[CriteoLikeColumns.NUMERIC.length];
    private final long[] ranks = new long[CriteoLikeColumns.CATEGORICAL.length];
    private final char[] line = new char[MAX_LINE_CHARS];
    private long index;
    private double lastProbability = Double.NaN;

    public CriteoGenerator(GeneratorConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.teacher = new PlantedTeacher(config.seed(), config.driftPeriod());
        for (int c = 0; c < valueIdSalts.length; c++) {
            valueIdSalts[c] = Mix64.mix(config.seed() ^ VALUE_ID_SALT, c);
        }
        calibrate();
    }

    private void calibrate() {
        SplittableRandom calibration = new SplittableRandom(config.seed() ^ CALIBRATION_SALT);
        double[][] latentRows = new double[CALIBRATION_ROWS][latents.length];
        long[][] rankRows = new long[CALIBRATION_ROWS][ranks.length];
        for (int r = 0; r < CALIBRATION_ROWS; r++) {
            columns.draw(calibration, latentRows[r], rankRows[r]);
        }
        teacher.calibrate(latentRows, rankRows, config.cleanPositiveRate());
    }

    public GeneratorConfig config() {
        return config;
    }

    /** The next line, without a line break. */
    public String nextLine() {
        return new String(line, 0, fill());
    }

    /** Writes the next {@code count} lines, each ending in '\n' (no String per line: the fast path for volume). */
    public void writeLines(Writer out, long count) throws IOException {
        for (long i = 0; i < count; i++) {
            int n = fill();
            line[n] = '\n';
            out.write(line, 0, n + 1);
        }
    }

    /** The teacher's click probability of the last line (before label noise): the best any model can predict. */
    public double lastProbability() {
        return lastProbability;
    }

    private int fill() {
        columns.draw(random, latents, ranks);
        lastProbability = PlantedTeacher.sigmoid(teacher.logit(index, latents, ranks));
        boolean click = random.nextDouble() < lastProbability;
        // drawn on every line, so lines with and without noise have the same features
        if (random.nextDouble() < config.labelNoise()) {
            click = !click;
        }
        index++;
        int n = 0;
        line[n++] = click ? '1' : '0';
        for (int i = 0; i < latents.length; i++) {
            line[n++] = '\t';
            if (!Double.isNaN(latents[i])) {
                n = writeLong(CriteoLikeColumns.numericValue(i, latents[i]), n);
            }
        }
        for (int c = 0; c < ranks.length; c++) {
            line[n++] = '\t';
            if (ranks[c] != CriteoLikeColumns.MISSING_RANK) {
                n = writeHex8((int) Mix64.mix(valueIdSalts[c], ranks[c]), n);
            }
        }
        return n;
    }

    private int writeLong(long value, int at) {
        if (value < 0) {
            line[at++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            line[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }

    private int writeHex8(int value, int at) {
        for (int i = 7; i >= 0; i--) {
            line[at + i] = HEX[value & 0xF];
            value >>>= 4;
        }
        return at + 8;
    }
}
