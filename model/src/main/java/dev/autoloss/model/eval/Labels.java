package dev.autoloss.model.eval;

/** Checks labels as the metrics read them, so a wrong label is named instead of skewing a figure. */
final class Labels {

    private Labels() {}

    /** True for a positive binary label; anything but exactly 0 or 1 is an error naming the example. */
    static boolean positive(float label, int index) {
        if (label == 1f) {
            return true;
        }
        if (label == 0f) {
            return false;
        }
        throw new IllegalArgumentException("example " + index + ": binary label must be 0 or 1, got " + label);
    }

    /** The class index of a multiclass label; it must be a whole number in {@code [0, classes)}. */
    static int classIndex(float label, int classes, int index) {
        int k = (int) label;
        if (k != label || k < 0 || k >= classes) {
            throw new IllegalArgumentException(
                    "example " + index + ": class label must be a whole number in [0, " + classes + "), got " + label);
        }
        return k;
    }

    static void requireSameLength(int predictions, int outputs, int labels) {
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be at least 1, got " + outputs);
        }
        if (predictions != (long) labels * outputs) {
            throw new IllegalArgumentException("predictions hold " + predictions + " values but " + labels
                    + " labels x " + outputs + " outputs = " + (long) labels * outputs + " were expected");
        }
    }
}
