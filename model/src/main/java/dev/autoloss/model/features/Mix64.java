package dev.autoloss.model.features;

/**
 * A stateless 64-bit mixer (SplitMix64's finalizer): turns (salt, index) into independent-looking bits,
 * so the generator's hidden per-value weights and value ids need no tables, however many values a field has
 * (and a study's per-item label noise none either).
 */
public final class Mix64 {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double UNIT_53 = 0x1p-53;

    private Mix64() {}

    public static long mix(long salt, long index) {
        long z = salt + index * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A value uniform in [-1, 1) from the top 53 bits. */
    static double signedUnit(long bits) {
        return (bits >>> 11) * UNIT_53 * 2 - 1;
    }

    /** A value uniform in [0, 1) from the top 53 bits. */
    public static double unit(long bits) {
        return (bits >>> 11) * UNIT_53;
    }

    /** A value uniform in [-1, 1) from 16 of the bits, the {@code part}-th 16-bit slice (0..3). */
    static double signedUnit16(long bits, int part) {
        return ((bits >>> (16 * part)) & 0xFFFF) / 32768.0 - 1;
    }
}
