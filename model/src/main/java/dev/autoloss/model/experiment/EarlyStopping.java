package dev.autoloss.model.experiment;

/**
 * Early stopping on validation AUC: training stops once {@code patience} epochs in a row have not
 * beaten the best AUC so far (pytorch-fm's {@code EarlyStopper}, patience 2 in the reference runs).
 * A NaN AUC (a validation set of one class) never counts as an improvement.
 */
final class EarlyStopping {

    private final int patience;
    private double bestAuc = Double.NEGATIVE_INFINITY;
    private int bestEpoch;
    private int epochs;
    private int epochsWithoutImprovement;

    EarlyStopping(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1 epoch, got " + patience);
        }
        this.patience = patience;
    }

    /** Records one epoch's validation AUC; true when it is the best so far (the caller keeps that model). */
    boolean record(double validationAuc) {
        epochs++;
        if (validationAuc > bestAuc) {
            bestAuc = validationAuc;
            bestEpoch = epochs;
            epochsWithoutImprovement = 0;
            return true;
        }
        epochsWithoutImprovement++;
        return false;
    }

    boolean shouldStop() {
        return epochsWithoutImprovement >= patience;
    }

    /** The best validation AUC so far; negative infinity before any epoch improved. */
    double bestAuc() {
        return bestAuc;
    }

    /** The 1-based epoch of the best AUC; 0 when none improved. */
    int bestEpoch() {
        return bestEpoch;
    }

    int epochs() {
        return epochs;
    }
}
