package dev.autoloss.model.train;

/**
 * Approximate sighting counts of 64-bit feature keys in fixed memory: {@code depth} rows of byte counters
 * that saturate at 255, with conservative update (only the smallest counters grow), so a count is never
 * under-estimated and rarely over-estimated. Keys are already well-mixed hashes; each row reads a
 * different multiplicative hash of them.
 */
final class CountMinSketch {

    private static final long[] MULTIPLIERS = {
        0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0xD6E8FEB86659FD93L,
        0xFF51AFD7ED558CCDL, 0xC4CEB9FE1A85EC53L, 0x94D049BB133111EBL, 0xBF58476D1CE4E5B9L,
        0x2545F4914F6CDD1DL, 0x5851F42D4C957F2DL, 0x14057B7EF767814FL, 0x27BB2EE687B0B0FDL,
        0xA0761D6478BD642FL, 0xE7037ED1A0B428DBL, 0x8EBC6AF09C88C6E3L, 0x589965CC75374CC3L
    };
    private static final int SATURATED = 255;

    private final int depth;
    private final int width;
    private final int shift;
    private final byte[] counters;

    CountMinSketch(int depth, int width) {
        if (depth < 1 || depth > MULTIPLIERS.length || width < 2 || Integer.bitCount(width) != 1) {
            throw new IllegalArgumentException("count-min sketch needs depth 1.." + MULTIPLIERS.length + " and a power-of-two width >= 2, got " + depth + " x " + width);
        }
        this.depth = depth;
        this.width = width;
        this.shift = 64 - Integer.numberOfTrailingZeros(width);
        this.counters = new byte[depth * width];
    }

    int depth() {
        return depth;
    }

    int width() {
        return width;
    }

    /** Counts one more sighting of {@code key}; returns its estimated count, including this one. */
    int add(long key) {
        int estimate = count(key);
        if (estimate == SATURATED) {
            return SATURATED;
        }
        for (int row = 0; row < depth; row++) {
            int cell = cell(row, key);
            if ((counters[cell] & 0xFF) == estimate) {
                counters[cell] = (byte) (estimate + 1);
            }
        }
        return estimate + 1;
    }

    /** The estimated number of sightings of {@code key} (at most 255). */
    int count(long key) {
        int min = SATURATED;
        for (int row = 0; row < depth; row++) {
            min = Math.min(min, counters[cell(row, key)] & 0xFF);
        }
        return min;
    }

    private int cell(int row, long key) {
        return row * width + (int) ((key * MULTIPLIERS[row]) >>> shift);
    }

    /** The counters themselves (not a copy), row after row, for snapshots. */
    byte[] counters() {
        return counters;
    }

    void restore(byte[] saved) {
        if (saved.length != counters.length) {
            throw new IllegalArgumentException("admission counts hold " + saved.length + " counters, this sketch has " + counters.length + " (" + depth + " x " + width + ")");
        }
        System.arraycopy(saved, 0, counters, 0, counters.length);
    }
}
