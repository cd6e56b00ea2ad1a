package dev.autoloss.model.eval;

/**
 * AUC and log-loss over the last {@code capacity} examples of a stream, for prequential (test-then-train)
 * evaluation: predict a batch, {@link #add} the predictions with their labels, then train on it.
 *
 * <p>The window is a ring buffer; {@link #quality()} recomputes the exact figures from it. Cost:
 * {@code add} is O(batch); {@code quality} copies the window and sorts it once per output, O(K n log n)
 * for n examples in the window and K outputs (about 10 ms for a binary window of 100,000; four times
 * that for 5 classes). Report every few batches rather than after each one when that matters; an
 * incremental order-statistics structure would make each report O(batch log n) but cannot stay exact
 * with fewer than n stored scores anyway, so the ring buffer keeps the memory the same and the code
 * simple. Not thread-safe.
 */
public final class SlidingWindowQuality {

    private final int capacity;
    private final int outputs;
    private final float[] predictions;
    private final float[] labels;
    private int next; // the slot the next example goes to: the oldest one once the window is full
    private int size;

    /**
     * @param capacity how many of the most recent examples the window holds
     * @param outputs 1 for a binary task, K for K classes (as {@link Quality#measure})
     */
    public SlidingWindowQuality(int capacity, int outputs) {
        if (capacity < 1) {
            throw new IllegalArgumentException("window capacity must be at least 1, got " + capacity);
        }
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be at least 1, got " + outputs);
        }
        this.capacity = capacity;
        this.outputs = outputs;
        this.predictions = new float[Math.multiplyExact(capacity, outputs)];
        this.labels = new float[capacity];
    }

    /** Adds a batch, oldest examples leaving the window first; a batch larger than the window keeps its tail. */
    public void add(float[] batchPredictions, float[] batchLabels) {
        Labels.requireSameLength(batchPredictions.length, outputs, batchLabels.length);
        int first = Math.max(0, batchLabels.length - capacity);
        for (int i = first; i < batchLabels.length; i++) {
            labels[next] = batchLabels[i];
            System.arraycopy(batchPredictions, i * outputs, predictions, next * outputs, outputs);
            next = (next + 1) % capacity;
        }
        size = Math.min(capacity, size + batchLabels.length - first);
    }

    /** Exact AUC and log-loss of the examples now in the window (NaN figures while it is empty). */
    public Quality quality() {
        float[] windowLabels = new float[size];
        float[] windowPredictions = new float[size * outputs];
        int oldest = size < capacity ? 0 : next;
        for (int i = 0; i < size; i++) {
            int slot = (oldest + i) % capacity;
            windowLabels[i] = labels[slot];
            System.arraycopy(predictions, slot * outputs, windowPredictions, i * outputs, outputs);
        }
        return Quality.measure(windowPredictions, windowLabels, outputs);
    }

    /** How many examples the window holds now (at most its capacity). */
    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }
}
