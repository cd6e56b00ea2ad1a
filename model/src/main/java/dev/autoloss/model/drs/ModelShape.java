package dev.autoloss.model.drs;

import java.util.List;

/**
 * The sizes a model is built with.
 *
 * @param fields       feature fields per example
 * @param rows         rows of the hashed table (including the per-field rows of not-yet-admitted values)
 * @param embeddingDim size of each field embedding
 * @param hidden       widths of the MLP's hidden layers
 * @param dropout      dropout rate after each hidden layer
 * @param outputs      logits per example: 1 (binary, regression) or K classes
 */
public record ModelShape(int fields, long rows, int embeddingDim, List<Integer> hidden, double dropout, int outputs) {

    public ModelShape {
        hidden = List.copyOf(hidden);
    }
}
