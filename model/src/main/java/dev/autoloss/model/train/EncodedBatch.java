package dev.autoloss.model.train;

import java.util.Arrays;

/**
 * One or two batches as the graph reads them: the distinct table rows they use, the first {@code firstRowCount} of
 * them the first batch's, and for each batch the position of every (example, field) value in that list, row-major
 * {@code [B, F]}, with the labels.
 */
record EncodedBatch(int[] rows, int firstRowCount, int[] firstIndex, float[] firstLabels, int[] secondIndex, float[] secondLabels) {

    /** The rows the first batch uses. */
    int[] firstRows() {
        return firstRowCount == rows.length ? rows : Arrays.copyOf(rows, firstRowCount);
    }
}
