package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketsTest {

    @ParameterizedTest(name = "count {0} -> bucket {1}")
    @CsvSource({
        "-5, -7", "-1, -3", "0, -2", "1, -1", "2, 0",          // v <= 2: v - 2
        "3, 1", "4, 1", "10, 5", "100, 21", "1000, 47",         // v > 2: floor(ln(v)^2)
        "65535, 122", "1618112, 204"
    })
    void countsBucketAsAlgorithmMdSays(long count, long bucket) {
        assertEquals(bucket, Buckets.logSquared(count));
    }

    @ParameterizedTest(name = "text ''{0}'' -> ''{1}''")
    @CsvSource(value = {"'', NULL", "0, -2", "3, 1", "100, 21"}, emptyValue = "")
    void numericEncodingBucketsAndMarksMissing(String text, String encoded) {
        assertEquals(encoded, Encoding.LOG_SQUARED.encode(text, -1));
    }

    @ParameterizedTest(name = "age {0} -> {1}")
    @CsvSource({"7, <18", "17, <18", "18, 18-24", "24, 18-24", "25, 25-34", "34, 25-34", "35, 35-44", "44, 35-44",
        "45, 45-49", "49, 45-49", "50, 50-55", "55, 50-55", "56, 56+", "73, 56+"})
    void agesFallInMovieLensGroups(int age, String group) {
        assertEquals(group, Buckets.ageGroup(age));
    }

    @ParameterizedTest
    @CsvSource({"1.5", "abc", "0x10", "1e3"})
    void nonIntegerCountsAreRejected(String text) {
        assertThrows(NumberFormatException.class, () -> Encoding.LOG_SQUARED.encode(text, -1));
    }

    @ParameterizedTest(name = "{0} UTC -> hour {1}, weekday {2}")
    @CsvSource({
        "0, 0, 4",                 // 1970-01-01 00:00, a Thursday
        "1413849600000, 0, 2",     // 2014-10-21 00:00, a Tuesday (Avazu's first day)
        "1414278000000, 23, 6",    // 2014-10-25 23:00, a Saturday
        "1414364400000, 23, 7",    // 2014-10-26 23:00, a Sunday
    })
    void timeEncodingsReadTheUtcClock(long millis, String hour, String weekday) {
        assertEquals(hour, Encoding.HOUR_OF_DAY.encode("", millis), "hour of day");
        assertEquals(weekday, Encoding.WEEKDAY.encode("", millis), "ISO weekday");
    }
}
