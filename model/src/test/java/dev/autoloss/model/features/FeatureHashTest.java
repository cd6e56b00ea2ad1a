package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

class FeatureHashTest {

    // Golden values: MurmurHash3_x64_128 (seed 0) h1 of UTF-8(field + U+0001 + value); cross-checked once
    // against Guava's independent Hashing.murmur3_128().hashBytes(...).asLong(). If one of these changes,
    // every stored model and snapshot keyed by hash64 is silently invalid: do not "fix" the numbers.
    @Test
    void hashIsTheDocumentedMurmur3OfFieldSeparatorValue() {
        assertEquals(-1285748727773906038L, FeatureHash.hash64("C1", "68fd1e64"), "hash64(C1, 68fd1e64)");
        assertEquals(7011496951454331552L, FeatureHash.hash64("I1", "NULL"), "hash64(I1, NULL)");
        assertEquals(-6769874737308885567L, FeatureHash.hash64("user", "196"), "hash64(user, 196)");
        assertEquals(-8868206589847847812L, FeatureHash.hash64("é", "ü"), "non-ASCII text must hash as UTF-8");
    }

    @Test
    void everyTextHashesAsItsUtf8Bytes() {
        String longValue = "x".repeat(1000); // past the scratch buffer of ASCII texts
        for (String[] pair : new String[][] {{"C1", "a\u00e9"}, {"\u00e9", "a"}, {"C1", ""}, {"C1", longValue}, {"C1", longValue + "\u00fc"}}) {
            byte[] utf8 = (pair[0] + FeatureHash.SEPARATOR + pair[1]).getBytes(StandardCharsets.UTF_8);
            assertEquals(MurmurHash3.hash128x64(utf8)[0], FeatureHash.hash64(pair[0], pair[1]), pair[0] + " " + pair[1]);
        }
    }

    @Test
    void theSeparatorKeepsFieldAndValueApart() {
        assertNotEquals(FeatureHash.hash64("ab", "c"), FeatureHash.hash64("a", "bc"));
        assertNotEquals(FeatureHash.hash64("C1", "x"), FeatureHash.hash64("C2", "x"), "same value in two fields must not share a key");
    }
}
