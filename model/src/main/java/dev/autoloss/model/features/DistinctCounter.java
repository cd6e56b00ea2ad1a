package dev.autoloss.model.features;

import java.util.TreeSet;

/**
 * Counts distinct 64-bit keys in bounded memory: exact up to {@link #EXACT_UP_TO} distinct keys, then an
 * estimate from the k smallest keys seen (the "k minimum values" sketch: with the k-th smallest of
 * uniform hashes at fraction u of the hash range, about (k - 1) / u distinct keys exist; relative error
 * about 1/sqrt(k), 1% here). Feature keys are already uniform MurmurHash3 values, so no rehash is needed.
 */
public final class DistinctCounter {

    /** k: exact below this many distinct keys, 10,000 longs of memory above it. */
    public static final int EXACT_UP_TO = 10_000;
    private static final double HASH_RANGE = 0x1p64;
    private static final double HALF_RANGE = 0x1p63;

    /** the smallest keys seen, ordered as unsigned numbers (offset by Long.MIN_VALUE) */
    private final TreeSet<Long> smallest = new TreeSet<>();
    private boolean saturated;

    public void add(long key) {
        long ordered = key ^ Long.MIN_VALUE; // unsigned order as signed order
        if (smallest.size() < EXACT_UP_TO) {
            smallest.add(ordered);
            return;
        }
        if (ordered < smallest.last() && smallest.add(ordered)) {
            smallest.pollLast();
            saturated = true;
        } else if (ordered > smallest.last()) {
            saturated = true;
        }
    }

    /** Whether {@link #count} is an estimate (more than {@link #EXACT_UP_TO} distinct keys were seen). */
    public boolean estimated() {
        return saturated;
    }

    public long count() {
        if (!saturated) {
            return smallest.size();
        }
        double kthFraction = ((double) smallest.last() + HALF_RANGE) / HASH_RANGE;
        return Math.round((EXACT_UP_TO - 1) / kthFraction);
    }
}
