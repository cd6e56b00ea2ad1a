package dev.autoloss.model.features;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The stable 64-bit feature key of a (field, value) pair, the same on every run, JVM and machine:
 * <pre>
 *   hash64(field, value) = h1 of MurmurHash3_x64_128(seed 0) over UTF-8(field + '\u0001' + value)
 * </pre>
 * i.e. {@code MurmurHash3.hash128x64(bytes)[0]} from commons-codec: the first 64-bit half of the
 * 128-bit x64 variant, read as a signed Java long (the same number as Guava's
 * {@code Hashing.murmur3_128().hashBytes(bytes).asLong()}). The separator U+0001 cannot occur in a
 * field name, so ("ab", "c") and ("a", "bc") never share a key. Missing values hash as the value "NULL".
 */
public final class FeatureHash {

    /** Between the field name and the value in the hashed text. */
    public static final char SEPARATOR = '\u0001';

    private FeatureHash() {}

    public static long hash64(String field, String value) {
        byte[] bytes = (field + SEPARATOR + value).getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.hash128x64(bytes)[0];
    }
}
