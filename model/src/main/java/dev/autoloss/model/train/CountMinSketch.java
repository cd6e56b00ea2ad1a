package dev.autoloss.model.train;

/**
 * Approximate sighting counts of 64-bit feature keys in fixed memory, enough to tell whether a value has been
 * seen {@code cap} times: {@code depth} counters per key that stop at {@code cap}, with conservative update
 * (only a key's smallest counters grow), so a count is never under-estimated and rarely over-estimated.
 *
 * <p>Built for speed at tens of thousands of lookups per batch: a key's counters all lie in one 64-byte block
 * (a "blocked" count-min sketch: one cache miss per lookup instead of {@code depth}), and a counter has only the
 * bits its cap needs (2 bits for the default min count of 2), so the sketch is small enough to stay in cache.
 * Keys are already well-mixed hashes; the block and the positions inside it come from different multiplicative
 * hashes of the key.
 */
final class CountMinSketch {

    private static final int BLOCK_BYTES = 64;
    private static final long BLOCK_HASH = 0x9E3779B97F4A7C15L;
    private static final long[] POSITION_HASHES = {
        0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0xD6E8FEB86659FD93L, 0xFF51AFD7ED558CCDL,
        0xC4CEB9FE1A85EC53L, 0x94D049BB133111EBL, 0xBF58476D1CE4E5B9L, 0x2545F4914F6CDD1DL,
        0x5851F42D4C957F2DL, 0x14057B7EF767814FL, 0x27BB2EE687B0B0FDL, 0xA0761D6478BD642FL,
        0xE7037ED1A0B428DBL, 0x8EBC6AF09C88C6E3L, 0x589965CC75374CC3L, 0x1D8E4E27C47D124FL
    };

    private final int depth;
    private final int cap;
    /** bits per counter: 2, 4 or 8 */
    private final int bits;
    private final int mask;
    /** bits of a counter's position inside its block */
    private final int positionBits;
    private final int blockShift;
    private final byte[] counters;

    /**
     * @param depth counters per key (1..16)
     * @param width counters per unit of depth: the sketch holds {@code depth * width} counters; a power of two
     * @param cap   counts stop here (the admission threshold; at most 255)
     */
    CountMinSketch(int depth, int width, int cap) {
        if (depth < 1 || depth > POSITION_HASHES.length || Integer.bitCount(width) != 1 || cap < 1 || cap > 255) {
            throw new IllegalArgumentException("count-min sketch needs depth 1.." + POSITION_HASHES.length
                    + ", a power-of-two width and a cap in 1..255, got " + depth + " x " + width + " capped at " + cap);
        }
        this.depth = depth;
        this.cap = cap;
        this.bits = cap <= 3 ? 2 : cap <= 15 ? 4 : 8;
        this.mask = (1 << bits) - 1;
        long bytes = Math.max(BLOCK_BYTES, (long) depth * width * bits / 8);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("count-min sketch of " + depth + " x " + width + " counters exceeds 2 GiB");
        }
        this.counters = new byte[(int) bytes];
        this.positionBits = Integer.numberOfTrailingZeros(BLOCK_BYTES * 8 / bits);
        // a power of two whenever depth is; otherwise the high bits spread keys over the largest power of two of blocks
        int blocks = Integer.highestOneBit(counters.length / BLOCK_BYTES);
        this.blockShift = 64 - Integer.numberOfTrailingZeros(blocks);
    }

    /** Counts {@code sightings} more sightings of {@code key}; returns its estimated count (at most the cap), including them. */
    int add(long key, int sightings) {
        int estimate = count(key);
        if (estimate == cap) {
            return cap;
        }
        int updated = Math.min(cap, estimate + sightings);
        long base = base(key);
        for (int i = 0; i < depth; i++) {
            long cell = base + position(key, i);
            if (get(cell) < updated) {
                set(cell, updated);
            }
        }
        return updated;
    }

    /** The estimated number of sightings of {@code key} (at most the cap). */
    int count(long key) {
        long base = base(key);
        int estimate = cap;
        for (int i = 0; i < depth; i++) {
            estimate = Math.min(estimate, get(base + position(key, i)));
        }
        return estimate;
    }

    /** The first counter (in bits-wide units) of the key's block. */
    private long base(long key) {
        long block = blockShift == 64 ? 0 : (key * BLOCK_HASH) >>> blockShift;
        return block << positionBits;
    }

    private int position(long key, int i) {
        return (int) ((key * POSITION_HASHES[i]) >>> (64 - positionBits));
    }

    private int get(long cell) {
        long bit = cell * bits;
        return (counters[(int) (bit >>> 3)] >>> (bit & 7)) & mask;
    }

    private void set(long cell, int value) {
        long bit = cell * bits;
        int index = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        counters[index] = (byte) ((counters[index] & ~(mask << shift)) | (value << shift));
    }

    /** The counters themselves (not a copy), for snapshots. */
    byte[] counters() {
        return counters;
    }

    void restore(byte[] saved) {
        if (saved.length != counters.length) {
            throw new IllegalArgumentException("admission counts hold " + saved.length + " bytes, this sketch has " + counters.length);
        }
        System.arraycopy(saved, 0, counters, 0, counters.length);
    }

    /**
     * Sighting counts another copy of the sketch gained: the counter bytes that changed, each with its counters'
     * increases packed as the counters are.
     */
    record Increases(int[] bytes, byte[] packed) {}

    /** What the counters gained since {@code reference} (a copy of them taken earlier), which then equals them. */
    Increases increasesSince(byte[] reference) {
        int changed = 0;
        for (int i = 0; i < counters.length; i++) {
            if (counters[i] != reference[i]) {
                changed++;
            }
        }
        int[] bytes = new int[changed];
        byte[] packed = new byte[changed];
        int k = 0;
        for (int i = 0; i < counters.length && k < changed; i++) {
            if (counters[i] != reference[i]) {
                int gained = 0;
                for (int shift = 0; shift < 8; shift += bits) {
                    // a counter only grows (conservative update), so the difference is its gain
                    int now = (counters[i] >>> shift) & mask;
                    int before = (reference[i] >>> shift) & mask;
                    gained |= (now - before) << shift;
                }
                bytes[k] = i;
                packed[k++] = (byte) gained;
                reference[i] = counters[i];
            }
        }
        return new Increases(bytes, packed);
    }

    /** Adds the sightings another copy gained to these counters (each stops at the cap), as a plain count-min would count them. */
    void add(Increases increases) {
        add(counters, increases, this);
    }

    /** Adds {@code increases} to {@code target}, counters packed as {@code like}'s are (the sketch itself, or a copy of it). */
    static void add(byte[] target, Increases increases, CountMinSketch like) {
        int[] bytes = increases.bytes();
        byte[] packed = increases.packed();
        for (int k = 0; k < bytes.length; k++) {
            int value = target[bytes[k]];
            int result = 0;
            for (int shift = 0; shift < 8; shift += like.bits) {
                int sum = Math.min(like.cap, ((value >>> shift) & like.mask) + ((packed[k] >>> shift) & like.mask));
                result |= sum << shift;
            }
            target[bytes[k]] = (byte) result;
        }
    }
}
