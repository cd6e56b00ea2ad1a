package dev.autoloss.model.train;

import java.util.Arrays;

/**
 * The distinct (field, key) pairs of one batch, numbered in first-seen order, with how often each occurs: an
 * open-addressing table reused across batches (stamped per batch, never cleared), small enough to stay in cache,
 * so that admission and row lookups run once per distinct value rather than once per occurrence.
 */
final class DistinctValues {

    private static final long SPREAD = 0x9E3779B97F4A7C15L;
    private static final long FIELD_SALT = 0xC2B2AE3D27D4EB4FL;

    /** per slot, interleaved (one cache line per probe): the salted key, then {@code generation << 32 | id} */
    private long[] slots = new long[0];
    private int shift;
    private int generation;

    private long[] keys = new long[0];
    private int[] fields = new int[0];
    private int[] occurrences = new int[0];
    private int size;

    /** Empties the set for a batch of at most {@code maxValues} occurrences. */
    void reset(int maxValues) {
        // at most three quarters full even if every occurrence is distinct
        int capacity = Integer.highestOneBit(Math.max(16, maxValues + maxValues / 3) - 1) << 1;
        if (2 * capacity > slots.length) {
            slots = new long[2 * capacity];
            shift = 64 - Integer.numberOfTrailingZeros(capacity);
            generation = 0;
        }
        if (maxValues > keys.length) {
            keys = new long[maxValues];
            fields = new int[maxValues];
            occurrences = new int[maxValues];
        }
        if (++generation == 0) {
            Arrays.fill(slots, 0);
            generation = 1;
        }
        size = 0;
    }

    /**
     * The number of {@code field}'s value {@code key} in this batch, adding it (or counting one more occurrence).
     * The field is salted into the key, so the same key in two fields is two values.
     */
    int add(int field, long key, boolean counted) {
        long salted = key + field * FIELD_SALT;
        int mask = (slots.length >> 1) - 1;
        int slot = (int) ((salted * SPREAD) >>> shift);
        while (true) {
            long tag = slots[2 * slot + 1];
            if ((int) (tag >>> 32) != generation) {
                break;
            }
            if (slots[2 * slot] == salted) {
                int id = (int) tag;
                if (counted) {
                    occurrences[id]++;
                }
                return id;
            }
            slot = (slot + 1) & mask;
        }
        slots[2 * slot] = salted;
        slots[2 * slot + 1] = ((long) generation << 32) | size;
        keys[size] = key;
        fields[size] = field;
        occurrences[size] = counted ? 1 : 0;
        return size++;
    }
    int size() {
        return size;
    }

    long key(int id) {
        return keys[id];
    }

    int field(int id) {
        return fields[id];
    }

    /** Counted occurrences of value {@code id} in this batch. */
    int occurrences(int id) {
        return occurrences[id];
    }
}
