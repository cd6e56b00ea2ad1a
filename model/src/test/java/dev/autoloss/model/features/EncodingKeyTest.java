package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autoloss.model.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys hashed in place from a line are those of the column's encoded string, for every encoding and odd input. */
class EncodingKeyTest {

    private static final long EVENT_TIME = 1_413_849_600_000L + 5 * 3_600_000L;
    private static final String[] COLUMNS = {
        "", "0", "1", "2", "3", "1382", "-1", "-5", "+7", "007", "-0", "-", "+", "1a", "a1", " 1", "1.5",
        "123456789012345678", "-123456789012345678", "1234567890123456789", "9223372036854775807", "-9223372036854775808",
        "-9223372036854775807", "9223372036854775808", "99999999999999999999", "\u0661\u0662", "68fd1e64", "a\u00e9b",
        "Comedy|Drama", "|Drama", "x".repeat(300), "5".repeat(300)};

    @Test
    void everyEncodingKeysAColumnInPlaceAsItsEncodedString() {
        FeatureHash.Scratch scratch = new FeatureHash.Scratch();
        for (Encoding encoding : Encoding.values()) {
            for (String field : new String[] {"I1", "f\u00e9", "x".repeat(250)}) {
                for (String column : COLUMNS) {
                    String line = "ab\t" + column + "\tcd";
                    int start = 3;
                    int end = start + column.length();
                    String what = encoding + " " + field + " [" + column + "]";
                    long expected;
                    try {
                        expected = FeatureHash.hash64(field, encoding.encode(column, EVENT_TIME));
                    } catch (NumberFormatException e) {
                        assertThrows(NumberFormatException.class, () -> encoding.key(field, line, start, end, EVENT_TIME, scratch), what);
                        continue;
                    }
                    assertEquals(expected, encoding.key(field, line, start, end, EVENT_TIME, scratch), what);
                }
            }
        }
    }

    @Test
    void numbersAreKeyedAsTheirDecimalText() {
        FeatureHash.Scratch scratch = new FeatureHash.Scratch();
        for (long n : new long[] {0, 1, -1, 9, 10, -10, 99, 100, 52, -2, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            assertEquals(FeatureHash.hash64("I5", Long.toString(n)), scratch.hash64("I5", n), Long.toString(n));
        }
    }

    @Test
    void samplesParseToTheKeysOfTheirSplitColumns() throws Exception {
        for (Format format : new Format[] {Format.CRITEO, Format.AVAZU}) {
            Schema schema = Schema.of(format);
            ExampleParser parser = new ExampleParser(schema, schema.defaultTask());
            String path = format == Format.CRITEO ? "criteo/criteo_train_8000.tsv" : "avazu/avazu_sample.txt";
            List<RawRecord> records = new ArrayList<>();
            try (RecordReader reader = RecordReader.open(format, SharedData.require(path))) {
                reader.forEachRemaining(records::add);
            }
            for (RawRecord record : records) {
                Example parsed = parser.parse(record);
                String[] columns = record.line().split(java.util.regex.Pattern.quote(schema.separator()), -1);
                long[] expected = new long[schema.features().size()];
                for (int i = 0; i < expected.length; i++) {
                    Feature feature = schema.features().get(i);
                    expected[i] = FeatureHash.hash64(feature.name(), feature.encoding().encode(columns[feature.column()], parsed.eventTime()));
                }
                assertArrayEquals(expected, parsed.keys(), record.source() + ":" + record.lineNumber());
            }
        }
    }
}
