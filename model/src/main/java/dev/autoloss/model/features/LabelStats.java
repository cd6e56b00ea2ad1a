package dev.autoloss.model.features;

/**
 * The label distribution: the positive rate for binary, the class histogram for multiclass, the mean
 * and range for regression.
 */
public final class LabelStats {

    private final Task task;
    private final long[] classCounts;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public LabelStats(Task task, int classes) {
        this.task = task;
        this.classCounts = new long[task == Task.REGRESSION ? 0 : Math.max(classes, 2)];
    }

    public void add(float label) {
        count++;
        sum += label;
        min = Math.min(min, label);
        max = Math.max(max, label);
        if (task != Task.REGRESSION) {
            classCounts[(int) label]++;
        }
    }

    public Task task() {
        return task;
    }

    public long count() {
        return count;
    }

    /** Examples per class (binary: [negatives, positives]); empty for regression. */
    public long[] classCounts() {
        return classCounts.clone();
    }

    /** Binary: the share of positives; NaN when there are no examples. */
    public double positiveRate() {
        return count == 0 ? Double.NaN : (double) classCounts[1] / count;
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }
}
