package dev.autoloss.model.train;

/**
 * One or two batches as the graph reads them: the distinct table rows they use, and for each batch the
 * position of every (example, field) value in that list, row-major {@code [B, F]}, with the labels.
 */
record EncodedBatch(int[] rows, int[] firstIndex, float[] firstLabels, int[] secondIndex, float[] secondLabels) {}
