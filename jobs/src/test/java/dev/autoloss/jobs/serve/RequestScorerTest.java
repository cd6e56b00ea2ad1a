package dev.autoloss.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.SnapshotPayload;
import dev.autoloss.jobs.snapshot.StoreSettings;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.RecordReader;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.testing.SharedData;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests to records: parsing of request lines, error records, scoring with the follower's version. */
class RequestScorerTest {

    /** A Criteo line with every field filled and the label field empty. */
    private static final String CRITEO_REQUEST = "\t" + String.join("\t", Collections.nCopies(13, "1"))
            + "\t" + String.join("\t", Collections.nCopies(26, "68fd1e64"));

    @Test
    void requestLineWithEmptyLabelHashesLikeTheTrainingLine() throws Exception {
        String line = firstLine(Format.CRITEO, "criteo/criteo_train_8000.tsv");
        Example trained = trainingParse(Format.CRITEO, line);

        Example request = new RequestParser(Format.CRITEO).parse(new ScoringRequest("r-1", line.substring(line.indexOf('\t')), "requests/0", 5));

        assertEquals("r-1", request.eventId());
        assertTrue(Float.isNaN(request.label()), "a request has no label");
        assertArrayEquals(trained.keys(), request.keys(), "request and training line must hash alike");
    }

    @Test
    void avazuRequestKeepsItsTimeFeatures() throws Exception {
        String line = firstLine(Format.AVAZU, "avazu/avazu_sample.txt");
        String[] fields = line.split(",", -1);
        fields[1] = "";
        Example request = new RequestParser(Format.AVAZU).parse(new ScoringRequest("r-2", String.join(",", fields), "requests/0", 1));
        Example trained = trainingParse(Format.AVAZU, line);
        assertArrayEquals(trained.keys(), request.keys(), "request and training line must hash alike");
        assertEquals(trained.eventTime(), request.eventTime());
    }

    @Test
    void placeholderLabelIsValidForEveryFormat() {
        for (Format format : Format.values()) {
            Schema schema = Schema.of(format);
            schema.labelScale().parse(RequestParser.PLACEHOLDER_LABEL, schema.defaultTask()); // throws when invalid
        }
    }

    @Test
    void malformedRequestsGetErrorRecordsAndTheOthersScores() throws Exception {
        try (Served served = Served.withVersion(5, 0.75f)) {
            List<PredictionRecord> records = served.scorer.score(List.of(
                    new ScoringRequest("good", CRITEO_REQUEST, "requests/0", 10),
                    new ScoringRequest("bad-number", CRITEO_REQUEST.replaceFirst("\t1\t", "\tx\t"), "requests/0", 11),
                    new ScoringRequest("short", "\t1\t2", "requests/0", 12),
                    new ScoringRequest(null, CRITEO_REQUEST, "requests/1", 13)));

            assertEquals(4, records.size(), "one record per request");
            assertEquals("good", records.get(0).requestId());
            assertEquals(5L, records.get(0).version());
            assertEquals(0.75f, records.get(0).score());
            assertNull(records.get(0).error());

            PredictionRecord.Failure badNumber = records.get(1).error();
            assertEquals("BAD_NUMBER", badNumber.reason());
            assertEquals("I1", badNumber.field());
            assertEquals("x", badNumber.value());
            assertTrue(badNumber.message().startsWith("requests/0:11: "), "the message must say where: " + badNumber.message());
            assertNull(records.get(1).version());

            assertEquals("WRONG_FIELD_COUNT", records.get(2).error().reason());
            assertEquals(PredictionRecord.MISSING_REQUEST_ID, records.get(3).error().reason());
            assertEquals("requests/1@13", records.get(3).requestId(), "a request without id is stored under its position");
        }
    }

    @Test
    void requestsBeforeAnyVersionGetNoModelErrors() throws Exception {
        try (Served served = Served.withVersion(0, 0f)) {
            PredictionRecord record = served.scorer.score(List.of(new ScoringRequest("early", CRITEO_REQUEST, "requests/0", 1))).get(0);
            assertEquals(PredictionRecord.NO_MODEL, record.error().reason());
        }
    }

    private static Example trainingParse(Format format, String line) throws Exception {
        return new ExampleParser(Schema.of(format), Schema.of(format).defaultTask()).parse(new RawRecord("training", 1, line));
    }

    private static String firstLine(Format format, String sample) throws IOException {
        try (RecordReader reader = RecordReader.open(format, SharedData.require(sample))) {
            return reader.next().line();
        }
    }

    /** A follower on a fresh prefix holding one version (none for version 0) of a constant model. */
    private record Served(RedisPrefix prefix, ModelFollower follower, RequestScorer scorer) implements AutoCloseable {
        static Served withVersion(long version, float weight) throws InterruptedException {
            RedisPrefix prefix = RedisPrefix.onSharedRedis();
            StoreSettings settings = StoreSettings.defaults(prefix.prefix());
            if (version > 0) {
                try (RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS)) {
                    new RedisSnapshotStore(redis, settings).publish(SnapshotPayload.full(version, WeightPredictor.payload(weight), Map.of()));
                }
            }
            ModelFollower follower = ModelFollower.start(RedisPrefix.SHARED_ADDRESS, settings.keys(), new WeightPredictor.Loader(0), Duration.ofHours(1));
            if (version > 0 && !follower.awaitVersion(version, Duration.ofSeconds(10))) {
                throw new AssertionError("version " + version + " was not loaded");
            }
            return new Served(prefix, follower, new RequestScorer(Format.CRITEO, follower));
        }

        @Override
        public void close() {
            follower.close();
            prefix.close();
        }
    }
}
