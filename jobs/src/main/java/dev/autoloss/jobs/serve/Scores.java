package dev.autoloss.jobs.serve;

import java.util.Arrays;

/**
 * One batch scored by one model version: the version is that of the weights that computed every value.
 *
 * @param version           the model version
 * @param publishedAtMillis when that version was published (epoch ms)
 * @param outputs           values per example (1, or K class probabilities)
 * @param values            row-major {@code [examples x outputs]}
 */
public record Scores(long version, long publishedAtMillis, int outputs, float[] values) {

    public int rows() {
        return values.length / outputs;
    }

    /** The outputs of example {@code row}. */
    public float[] row(int row) {
        return Arrays.copyOfRange(values, row * outputs, (row + 1) * outputs);
    }
}
