package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every row of the real samples in ../shared/data parses (skipped with a message when they are absent). */
class RealSamplesParseTest {

    private static final long AVAZU_FIRST_HOUR_MILLIS = 1_413_849_600_000L; // 2014-10-21 00:00 UTC

    @Test
    void all8000CriteoRowsParseWithTheSamplesClickRate() throws Exception {
        List<Example> examples = parseAll(Format.CRITEO, Task.BINARY, SharedData.require("criteo/criteo_train_8000.tsv"));

        assertEquals(8000, examples.size(), "Criteo rows parsed");
        long clicks = examples.stream().filter(e -> e.label() == 1f).count();
        assertEquals(1728, clicks, "the sample's positive rate is 0.216");
        assertTrue(examples.stream().allMatch(e -> e.keys().length == 39 && e.eventTime() == -1));
        assertEquals("criteo_train_8000.tsv:1", examples.get(0).eventId());
    }

    @Test
    void firstCriteoRowHashesItsBucketedValues() throws Exception {
        Example first = parseAll(Format.CRITEO, Task.BINARY, SharedData.require("criteo/criteo_train_8000.tsv")).get(0);
        // line 1: 0 \t 1 \t 1 \t 5 \t 0 \t 1382 ... \t (I12 empty) ... C1 = 68fd1e64
        assertEquals(FeatureHash.hash64("I1", "-1"), first.keys()[0], "I1 = 1 buckets to -1");
        assertEquals(FeatureHash.hash64("I4", "-2"), first.keys()[3], "I4 = 0 buckets to -2");
        assertEquals(FeatureHash.hash64("I5", "52"), first.keys()[4], "I5 = 1382 buckets to floor(ln(1382)^2) = 52");
        assertEquals(FeatureHash.hash64("I12", "NULL"), first.keys()[11], "empty I12 is NULL");
        assertEquals(FeatureHash.hash64("C1", "68fd1e64"), first.keys()[13]);
    }

    @Test
    void all100000MovieLensRatingsParseWithTheReadmeHistogram() throws Exception {
        List<Example> examples = parseAll(Format.ML100K, Task.MULTICLASS, SharedData.require("movielens/ml-100k"));

        assertEquals(100_000, examples.size(), "MovieLens ratings parsed");
        long[] histogram = new long[5];
        examples.forEach(e -> histogram[(int) e.label()]++);
        assertArrayEquals(new long[] {6110, 11370, 27145, 34174, 21201}, histogram, "ratings 1..5 per the data README");
        long noGenre = examples.stream().filter(e -> e.keys()[5] == FeatureHash.hash64("genre", Encoding.MISSING)).count();
        assertEquals(0, noGenre, "every rated item has a genre");
    }

    @Test
    void movieLensRatingIsJoinedWithItsUserAndItem() throws Exception {
        try (RecordReader reader = RecordReader.open(Format.ML100K, SharedData.require("movielens/ml-100k"))) {
            RawRecord first = reader.next();
            // u.data line 1: user 196 rated item 242 (Kolya, a comedy) 3 stars; u.user: 196|49|M|writer|55105
            assertEquals(new RawRecord("ml-100k/u.data", 1, "196\t242\t3\t881250949\t49\tM\twriter\tComedy"), first);

            Example e = new ExampleParser(Schema.of(Format.ML100K), Task.MULTICLASS).parse(first);
            assertEquals(2f, e.label(), "3 stars is class 2");
            assertEquals(881_250_949_000L, e.eventTime());
            assertEquals(FeatureHash.hash64("age", "45-49"), e.keys()[2]);
            assertEquals(FeatureHash.hash64("genre", "Comedy"), e.keys()[5]);
        }
    }

    @Test
    void avazuSampleParsesWithIdsAndHourFeatures() throws Exception {
        List<Example> examples = parseAll(Format.AVAZU, Task.BINARY, SharedData.require("avazu/avazu_sample.txt"));

        assertEquals(100, examples.size(), "Avazu rows parsed");
        assertEquals(20, examples.stream().filter(e -> e.label() == 1f).count(), "clicks in the sample");
        Example first = examples.get(0);
        assertEquals("1000009418151094273", first.eventId(), "Avazu's id is the event id");
        assertEquals(AVAZU_FIRST_HOUR_MILLIS, first.eventTime(), "hour 14102100 is 2014-10-21 00:00 UTC");
        assertEquals(FeatureHash.hash64("hour_of_day", "0"), first.keys()[0]);
        assertEquals(FeatureHash.hash64("weekday", "2"), first.keys()[1], "2014-10-21 was a Tuesday");
        assertEquals(FeatureHash.hash64("site_id", "1fbe01fe"), first.keys()[4]);
    }

    /** Parses every line of a sample, failing on the first bad line with its message. */
    static List<Example> parseAll(Format format, Task task, Path path) throws IOException, BadRecordException {
        ExampleParser parser = new ExampleParser(Schema.of(format), task);
        List<Example> out = new ArrayList<>();
        try (RecordReader reader = RecordReader.open(format, path)) {
            while (reader.hasNext()) {
                out.add(parser.parse(reader.next()));
            }
        }
        return out;
    }
}
