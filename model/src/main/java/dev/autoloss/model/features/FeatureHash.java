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
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private FeatureHash() {}

    public static long hash64(String field, String value) {
        return SCRATCH.get().hash64(field, value, 0, value.length());
    }

    /**
     * Hashes the features of a line without building a string for each: the hashed text's bytes are written into
     * a buffer when they are ASCII (one byte a character in UTF-8), as parsed events nearly always are. Other
     * text takes the general path. A parser hashes about 40 features an event, and a string and its byte copy
     * for each was most of what it allocated. Not thread-safe: one per thread, or per line.
     */
    static final class Scratch {

        private final byte[] bytes = new byte[SCRATCH_BYTES];

        /** {@code hash64(field, text.substring(start, end))} */
        long hash64(String field, String text, int start, int end) {
            int at = field(field, end - start);
            if (at >= 0) {
                for (int i = start; i < end; i++) {
                    char c = text.charAt(i);
                    if (c >= 0x80) {
                        at = -1;
                        break;
                    }
                    bytes[at++] = (byte) c;
                }
            }
            if (at < 0) {
                byte[] utf8 = (field + SEPARATOR + text.substring(start, end)).getBytes(StandardCharsets.UTF_8);
                return MurmurHash3.hash128x64(utf8)[0];
            }
            return MurmurHash3.hash128x64(bytes, 0, at, 0)[0];
        }

        /** {@code hash64(field, Long.toString(number))} */
        long hash64(String field, long number) {
            int at = field(field, 20);
            if (at < 0) {
                return FeatureHash.hash64(field, Long.toString(number));
            }
            if (number < 0) {
                bytes[at++] = '-';
            }
            long negative = number < 0 ? number : -number; // Long.MIN_VALUE has no positive counterpart
            int digits = 1;
            for (long rest = negative / 10; rest != 0; rest /= 10) {
                digits++;
            }
            for (int i = at + digits - 1; i >= at; i--) {
                bytes[i] = (byte) ('0' - negative % 10);
                negative /= 10;
            }
            return MurmurHash3.hash128x64(bytes, 0, at + digits, 0)[0];
        }

        /** Writes the field and the separator; where the value starts, or -1 when they do not fit with it or are not ASCII. */
        private int field(String field, int valueChars) {
            if (field.length() + 1 + valueChars > bytes.length) {
                return -1;
            }
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c >= 0x80) {
                    return -1;
                }
                bytes[i] = (byte) c;
            }
            bytes[field.length()] = SEPARATOR;
            return field.length() + 1;
        }
    }
}
