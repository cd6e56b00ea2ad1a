package dev.autoloss.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.embedded.LocalFlink;
import dev.autoloss.jobs.train.TrainOptions;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.SnapshotPayload;
import dev.autoloss.jobs.snapshot.StoreSettings;
import dev.autoloss.jobs.testing.LogCapture;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.RecordReader;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.testing.SharedData;
import dev.autoloss.model.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The score job end to end: embedded Kafka, the real Redis on 127.0.0.1:6379, a MiniCluster, a real trained model. */
class ScoreJobTest {

    private static final int REQUESTS = 300;
    private static final float SAME_SCORE = 1e-6f;
    private static final TrainOptions TRAINED = TrainOptions.parse("--format", "criteo", "--model", "deepfm", "--method", "autoloss",
            "--table-rows", "4096");
    private static final Map<String, String> MODEL = TrainerFactory.meta(TRAINED);

    @Test
    void everyRequestGetsTheTrainersPredictionOrAnErrorRecordInRedis() throws Exception {
        List<String> lines = criteoLines(600 + REQUESTS);
        ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Schema.of(Format.CRITEO).defaultTask());
        List<Example> training = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            training.add(parser.parse(new RawRecord("train", i + 1, lines.get(i))));
        }
        List<Example> requested = new ArrayList<>();
        for (int i = 600; i < lines.size(); i++) {
            requested.add(parser.parse(new RawRecord("requests", i + 1, lines.get(i))));
        }

        try (RedisPrefix prefix = RedisPrefix.onSharedRedis();
             RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS);
             EmbeddedKafka kafka = EmbeddedKafka.start()) {
            float[] expected;
            try (Trainer trainer = TrainerFactory.create(TRAINED)) {
                trainer.train(training.subList(0, 300));
                trainer.train(training.subList(300, 600));
                expected = trainer.predict(requested);
                new RedisSnapshotStore(redis, StoreSettings.defaults(prefix.prefix())).publish(SnapshotPayload.full(1, trainer.saveState(), MODEL));
            }

            kafka.createTopic("requests", 2);
            try (KafkaProducer<String, String> producer = producer(kafka)) {
                for (int i = 0; i < REQUESTS; i++) {
                    String line = lines.get(600 + i);
                    producer.send(new ProducerRecord<>("requests", "req-" + i, line.substring(line.indexOf('\t')))); // label field emptied
                }
                producer.send(new ProducerRecord<>("requests", "bad-number", "\tx" + "\t1".repeat(12) + "\ta".repeat(26)));
                producer.send(new ProducerRecord<>("requests", "too-short", "\t1\t2"));
                producer.send(new ProducerRecord<>("requests", 0, null, "\t1\t2"));
            }

            ScoreOptions options = ScoreOptions.parse("--bootstrap", kafka.bootstrapServers(), "--topic", "requests", "--bounded",
                    "--redis-prefix", prefix.prefix(), "--prediction-ttl", "5m", "--parallelism", "2", "--batch-size", "64");
            ScoreJob.run(LocalFlink.local(2, OptionalInt.empty()), options);

            PredictionStore store = new PredictionStore(redis, new PredictionKeys(prefix.prefix()));
            for (int i = 0; i < REQUESTS; i++) {
                PredictionRecord record = store.read("req-" + i).orElseThrow(new AssertionMessage("req-" + i));
                assertNull(record.error(), "req-" + i + " failed: " + record.error());
                assertEquals(1L, record.version());
                // the job scores in other batches than the trainer did here, and TensorFlow's kernels round by batch shape
                assertEquals(expected[i], record.score(), SAME_SCORE, "req-" + i + " was not scored as the trainer scores it");
                assertTrue(record.modelAgeMillis() >= 0);
            }
            assertEquals("BAD_NUMBER", store.read("bad-number").orElseThrow(new AssertionMessage("bad-number")).error().reason());
            assertEquals("I1", store.read("bad-number").orElseThrow().error().field());
            assertEquals("WRONG_FIELD_COUNT", store.read("too-short").orElseThrow(new AssertionMessage("too-short")).error().reason());
            long noIdOffset = redis.sync().keys(prefix.prefix() + ":pred:requests/0@*").size();
            assertEquals(1, noIdOffset, "the request without id must be stored under its position requests/0@OFFSET");
        }
    }

    @Test
    void aScoreJobStartedAgainWithTheSameCommandGoesOnFromItsCheckpointAndScoresNoRequestTwice(@TempDir Path checkpoints) throws Exception {
        List<String> lines = criteoLines(200);
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis();
             RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS);
             EmbeddedKafka kafka = EmbeddedKafka.start();
             Trainer trainer = TrainerFactory.create(TRAINED)) {
            new RedisSnapshotStore(redis, StoreSettings.defaults(prefix.prefix())).publish(SnapshotPayload.full(1, trainer.saveState(), MODEL));
            kafka.createTopic("requests", 1);
            ScoreOptions options = ScoreOptions.parse("--bootstrap", kafka.bootstrapServers(), "--topic", "requests",
                    "--redis-prefix", prefix.prefix(), "--prediction-ttl", "5m", "--checkpoint-interval", "500ms",
                    "--checkpoint-dir", checkpoints.toUri().toString());
            PredictionStore store = new PredictionStore(redis, new PredictionKeys(prefix.prefix()));

            send(kafka, lines, 0, 100);
            JobClient first = start(options);
            Map<String, Long> scoredAt = awaitScored(store, 0, 100);
            Thread.sleep(1_500); // a checkpoint after the last of them
            first.cancel().get();

            send(kafka, lines, 100, 200);
            JobClient second;
            try (LogCapture log = new LogCapture()) {
                second = start(options);
                // (Kafka's committed offsets alone would also skip the first requests: the checkpoint is what the job resumes)
                assertTrue(log.text().contains("resuming from its newest checkpoint"), log.text());
            }
            try {
                awaitScored(store, 100, 200);
                Thread.sleep(1_000);
                for (int i = 0; i < 100; i++) {
                    assertEquals(scoredAt.get("req-" + i), store.read("req-" + i).orElseThrow().scoredAtMillis(),
                            "req-" + i + " was scored again by the second run");
                }
            } finally {
                second.cancel().get();
            }
        }
    }

    private static JobClient start(ScoreOptions options) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.local(1, OptionalInt.empty());
        ScoreJob.build(env, options);
        return env.executeAsync(ScoreJob.jobName(options));
    }

    private static void send(EmbeddedKafka kafka, List<String> lines, int from, int to) {
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>("requests", "req-" + i, lines.get(i).substring(lines.get(i).indexOf('\t'))));
            }
        }
    }

    /** Waits until requests {@code from..to-1} are scored; returns when each was. */
    private static Map<String, Long> awaitScored(PredictionStore store, int from, int to) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        Map<String, Long> scoredAt = new HashMap<>();
        for (int i = from; i < to; i++) {
            Optional<PredictionRecord> record = store.read("req-" + i);
            while (record.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                record = store.read("req-" + i);
            }
            scoredAt.put("req-" + i, record.orElseThrow(new AssertionMessage("req-" + i)).scoredAtMillis());
        }
        return scoredAt;
    }

    /** "no record stored for ..." as the failure of Optional.orElseThrow. */
    private record AssertionMessage(String requestId) implements java.util.function.Supplier<AssertionError> {
        @Override
        public AssertionError get() {
            return new AssertionError("no record stored for request " + requestId);
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    private static List<String> criteoLines(int count) throws Exception {
        List<String> lines = new ArrayList<>();
        try (RecordReader reader = RecordReader.open(Format.CRITEO, SharedData.require("criteo/criteo_train_8000.tsv"))) {
            while (lines.size() < count && reader.hasNext()) {
                lines.add(reader.next().line());
            }
        }
        return lines;
    }
}
