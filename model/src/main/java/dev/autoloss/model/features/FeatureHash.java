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

    /** Longer texts (rare: ids are short) are hashed from a new byte array. */
    private static final int SCRATCH_BYTES = 256;
    /**
     * Per thread, the hashed text's bytes when it is ASCII (one byte a character in UTF-8), as parsed events nearly
     * always are: a parser hashes about 40 features an event, and building a string and its byte copy for each
     * was most of what it allocated.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

    private FeatureHash() {}

    public static long hash64(String field, String value) {
        byte[] scratch = SCRATCH.get();
        int length = asciiInto(field, value, scratch);
        if (length < 0) {
            byte[] bytes = (field + SEPARATOR + value).getBytes(StandardCharsets.UTF_8);
            return MurmurHash3.hash128x64(bytes)[0];
        }
        return MurmurHash3.hash128x64(scratch, 0, length, 0)[0];
    }

    /** Writes the hashed text into {@code bytes}; its length, or -1 when it does not fit or is not all ASCII. */
    private static int asciiInto(String field, String value, byte[] bytes) {
        if (field.length() + 1 + value.length() > bytes.length) {
            return -1;
        }
        int at = ascii(field, bytes, 0);
        if (at < 0) {
            return -1;
        }
        bytes[at] = SEPARATOR;
        return ascii(value, bytes, at + 1);
    }

    /** Writes {@code text} at {@code at}; where it ends, or -1 at a character outside ASCII. */
    private static int ascii(String text, byte[] bytes, int at) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return -1;
            }
            bytes[at + i] = (byte) c;
        }
        return at + text.length();
    }
}
