package dev.autoloss.model.eval;

/**
 * AUC and log-loss of one set of predictions: binary AUC and log-loss for one output, macro
 * one-vs-rest AUC and multiclass log-loss for K outputs.
 *
 * @param auc NaN where undefined (see {@link Auc})
 * @param logLoss NaN for no examples
 * @param examples how many examples were measured
 */
public record Quality(double auc, double logLoss, int examples) {

    /**
     * Measures predictions laid out as the trainer returns them.
     *
     * @param predictions row-major {@code [labels.length * outputs]}
     * @param outputs 1 for a binary task (the probability of the positive class), K for K classes
     */
    public static Quality measure(float[] predictions, float[] labels, int outputs) {
        if (outputs == 1) {
            return new Quality(Auc.binary(predictions, labels), LogLoss.binary(predictions, labels), labels.length);
        }
        return new Quality(
                Auc.macroOneVsRest(predictions, outputs, labels),
                LogLoss.multiclass(predictions, outputs, labels),
                labels.length);
    }
}
