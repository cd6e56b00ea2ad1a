package dev.autoloss.model.train;

/**
 * Approximate sighting counts of 64-bit feature keys in fixed memory, enough to tell whether a value has been
 * seen {@code cap} times: byte counters that stop at {@code cap}, {@code depth} per key, with conservative
 * update (only a key's smallest counters grow), so a count is never under-estimated and rarely over-estimated.
 *
 * <p>A key's counters all lie in one 64-byte block (a "blocked" count-min sketch): one cache miss per lookup
 * instead of {@code depth}, which matters at 78,000 lookups per batch. Keys are already well-mixed hashes;
 * the block and the positions inside it come from different multiplicative hashes of the key.
 */
final class CountMinSketch {

    private static final int BLOCK = 64;
    private static final long BLOCK_HASH = 0x9E3779B97F4A7C15L;
    private static final long[] POSITION_HASHES = {
        0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0xD6E8FEB86659FD93L, 0xFF51AFD7ED558CCDL,
        0xC4CEB9FE1A85EC53L, 0x94D049BB133111EBL, 0xBF58476D1CE4E5B9L, 0x2545F4914F6CDD1DL,
        0x5851F42D4C957F2DL, 0x14057B7EF767814FL, 0x27BB2EE687B0B0FDL, 0xA0761D6478BD642FL,
        0xE7037ED1A0B428DBL, 0x8EBC6AF09C88C6E3L, 0x589965CC75374CC3L, 0x1D8E4E27C47D124FL
    };

    private final int depth;
    private final int cap;
    private final int blockShift;
    private final byte[] counters;

    /**
     * @param depth counters per key (1..16)
     * @param width counters per key's share of memory: the sketch holds {@code depth * width} bytes; a power of two
     * @param cap   counts stop here (the admission threshold; at most 255)
     */
    CountMinSketch(int depth, int width, int cap) {
        if (depth < 1 || depth > POSITION_HASHES.length || width < BLOCK || Integer.bitCount(width) != 1 || cap < 1 || cap > 255) {
            throw new IllegalArgumentException("count-min sketch needs depth 1.." + POSITION_HASHES.length + ", a power-of-two width >= "
                    + BLOCK + " and a cap in 1..255, got " + depth + " x " + width + " capped at " + cap);
        }
        this.depth = depth;
        this.cap = cap;
        long bytes = (long) depth * width;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("count-min sketch of " + depth + " x " + width + " counters exceeds 2 GiB");
        }
        this.counters = new byte[(int) bytes];
        // a power of two whenever depth is; otherwise the high bits still spread keys over the blocks below it
        int blocks = Integer.highestOneBit(counters.length / BLOCK);
        this.blockShift = 64 - Integer.numberOfTrailingZeros(blocks);
    }

    /** Counts {@code sightings} more sightings of {@code key}; returns its estimated count (at most the cap), including them. */
    int add(long key, int sightings) {
        int estimate = count(key);
        if (estimate == cap) {
            return cap;
        }
        int updated = Math.min(cap, estimate + sightings);
        int base = base(key);
        for (int i = 0; i < depth; i++) {
            int cell = base + position(key, i);
            if ((counters[cell] & 0xFF) < updated) {
                counters[cell] = (byte) updated;
            }
        }
        return updated;
    }

    /** The estimated number of sightings of {@code key} (at most the cap). */
    int count(long key) {
        int base = base(key);
        int estimate = cap;
        for (int i = 0; i < depth; i++) {
            estimate = Math.min(estimate, counters[base + position(key, i)] & 0xFF);
        }
        return estimate;
    }

    private int base(long key) {
        return blockShift == 64 ? 0 : (int) ((key * BLOCK_HASH) >>> blockShift) * BLOCK;
    }

    private static int position(long key, int i) {
        return (int) ((key * POSITION_HASHES[i]) >>> 58);
    }

    /** The counters themselves (not a copy), for snapshots. */
    byte[] counters() {
        return counters;
    }

    void restore(byte[] saved) {
        if (saved.length != counters.length) {
            throw new IllegalArgumentException("admission counts hold " + saved.length + " counters, this sketch has " + counters.length);
        }
        System.arraycopy(saved, 0, counters, 0, counters.length);
    }
}
