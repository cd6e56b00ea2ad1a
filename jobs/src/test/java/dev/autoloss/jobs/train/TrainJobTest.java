package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoloss.jobs.drill.VersionWatcher;
import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.kafka.Topics;
import dev.autoloss.jobs.snapshot.AssembledSnapshot;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.SnapshotReader;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.jobs.testing.SharedKafka;
import dev.autoloss.jobs.kafka.EventProducers;
import dev.autoloss.jobs.testing.TopicRecords;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.train.Trainer;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The train job end to end: an embedded Kafka broker, the real Redis on 127.0.0.1:6379 (a key prefix per
 * test), a Flink MiniCluster and the real trainer (or two, {@code --trainers 2}), on the Criteo sample.
 */
class TrainJobTest {

    private static final RedisAddress REDIS = RedisPrefix.SHARED_ADDRESS;
    private static EmbeddedKafka kafka;

    @TempDir
    Path checkpoints;

    private RedisPrefix prefix;
    private String topic;

    @BeforeAll
    static void startKafka() {
        kafka = SharedKafka.get();
    }

    @BeforeEach
    void freshNames() {
        prefix = RedisPrefix.onSharedRedis();
        topic = "events-" + UUID.randomUUID();
    }

    @AfterEach
    void cleanUp() {
        prefix.close();
    }

    @Test
    void jobTrainsPublishesVersionsAndTheLatestReproducesTheTrainersPredictions() throws Exception {
        List<RawRecord> lines = StreamFixture.sampleLines(6000);
        StreamFixture.replay(kafka, topic, lines.iterator(), 0);
        // one full version, deltas on it after that: the reader has to assemble a chain
        TrainOptions options = StreamFixture.options(kafka, topic, REDIS, prefix.prefix(), checkpoints, "--bounded", "--full-every", "1000");

        List<Long> announced;
        try (VersionWatcher watcher = new VersionWatcher(REDIS, options.storeSettings().keys())) {
            TrainJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), options);
            Thread.sleep(200);
            announced = watcher.announced();
        }

        assertTrue(announced.size() >= 2, "the job should publish at least two versions, announced: " + announced);
        TrainingStatus status = StreamFixture.status(REDIS, prefix.prefix());
        assertNotNull(status, "the job wrote no status record");
        List<String> trainingIds = StreamFixture.trainingIds(ids(lines), options);
        assertEquals(trainingIds.size(), status.eventsTrained(), "every training event is trained once");
        assertEquals(lines.size() - trainingIds.size(), status.validationEvents());
        int batchSize = TrainerFactory.config(options).batchSize();
        int fullBatches = trainingIds.size() / batchSize;
        int lastBatch = trainingIds.size() % batchSize;
        assertEquals(fullBatches * (int) Math.ceil(batchSize * options.prequentialSample) + (int) Math.ceil(lastBatch * options.prequentialSample),
                status.prequential().examples(), "each batch's sample is scored before its step");
        assertEquals(status.validationEvents(), status.validation().examples(), "every validation event is scored");
        assertNotNull(status.prequential().auc());
        assertNotNull(status.validation().auc());

        AssembledSnapshot latest;
        try (RedisEndpoint redis = RedisEndpoint.connect(REDIS)) {
            latest = new SnapshotReader(redis, options.storeSettings().keys()).readLatest().orElseThrow();
        }
        assertEquals(announced.get(announced.size() - 1), latest.version(), "the latest version is the last one announced");
        assertEquals(1, latest.deltas().size(), "the latest version should be a delta on the first, full one");
        Probe probe = Probe.fromJson(latest.manifest().meta().get(Probe.META_KEY));
        try (Trainer reader = TrainerFactory.forSnapshot(latest.manifest())) {
            reader.restoreState(latest.full().bytes());
            latest.deltas().forEach(delta -> reader.applyDelta(delta.bytes()));
            assertArrayEquals(probe.predictions(), reader.predict(probe.examples()), 1e-6f,
                    "a trainer restored from the published full snapshot and delta must predict what the job's trainer predicted");
        }
    }

    @ParameterizedTest(name = "state backend {0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void afterAnInjectedFailureEachTrainingEventIsTrainedExactlyOnce(String stateBackend) throws Exception {
        List<RawRecord> lines = StreamFixture.sampleLines(8000);
        StreamFixture.replay(kafka, topic, lines.iterator(), 0);
        TrainOptions options = StreamFixture.options(kafka, topic, REDIS, prefix.prefix(), checkpoints, "--state-backend", stateBackend,
                "--bounded", "--batch-size", "128", "--checkpoint-interval", "200ms", "--inject-failure-at-step", "30");

        List<Long> announced;
        List<Long> read;
        List<String> readFailures;
        try (VersionWatcher watcher = new VersionWatcher(REDIS, options.storeSettings().keys())) {
            TrainJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), options);
            Thread.sleep(200);
            announced = watcher.announced();
            read = watcher.read();
            readFailures = watcher.failures();
        }

        TrainingStatus status = StreamFixture.status(REDIS, prefix.prefix());
        assertTrue(status.restoredAtStep() > 0 && status.restoredAtStep() < 30,
                "the job should have restored a checkpoint taken before the failure at step 30, restored at " + status.restoredAtStep());
        List<String> trainingIds = StreamFixture.trainingIds(ids(lines), options);
        assertEquals(trainingIds.size(), status.eventsTrained(), "trained events after the restore");
        assertEquals(StreamFixture.digest(trainingIds), status.trainedIdDigest(),
                "the ids of the trained events differ from those sent: an event was lost or trained twice");
        assertStrictlyIncreasing(announced, "announced versions");
        assertStrictlyIncreasing(read, "latest versions read");
        assertEquals(List.of(), readFailures, "a reader found the latest version incomplete or corrupt");
        assertTrue(announced.size() >= 2, "versions published around the failure: " + announced);
        try (Stream<Path> left = Files.walk(checkpoints)) {
            assertEquals(List.of(), left.filter(f -> f.toString().contains("autoloss-trainer")).toList(),
                    "the job finished, so its trainer checkpoint files should be gone");
        }
    }

    @Test
    void withTrainOnValidationEveryEventIsTrainedOnceAfterTheControllerUsedItAcrossARestore() throws Exception {
        List<RawRecord> lines = StreamFixture.sampleLines(6000);
        StreamFixture.replay(kafka, topic, lines.iterator(), 0);
        TrainOptions options = StreamFixture.options(kafka, topic, REDIS, prefix.prefix(), checkpoints, "--bounded", "--train-on-validation",
                "--batch-size", "128", "--checkpoint-interval", "200ms", "--inject-failure-at-step", "25");

        TrainJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), options);

        TrainingStatus status = StreamFixture.status(REDIS, prefix.prefix());
        assertTrue(status.restoredAtStep() > 0, "the job should have restored a checkpoint after the failure");
        assertTrue(status.controllerSteps() > 0, "controller steps used validation events");
        List<String> all = ids(lines);
        assertEquals(all.size() - StreamFixture.trainingIds(all, options).size(), status.validationEvents(), "validation events received");
        assertEquals(all.size(), status.eventsTrained(), "training and validation events are all trained");
        assertEquals(StreamFixture.digest(all), status.trainedIdDigest(), "an event was lost or trained twice");
    }

    @Test
    void malformedLinesGoToTheDeadLetterTopicWithReasonsOnceEachWhileTrainingGoesOnAndRecovers() throws Exception {
        List<RawRecord> good = StreamFixture.sampleLines(3000);
        List<RawRecord> mixed = new ArrayList<>();
        List<String> badKeys = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            RawRecord line = good.get(i);
            mixed.add(line);
            if (i % 30 == 15) {
                RawRecord bad = new RawRecord("bad.tsv", i, "x" + line.line());   // label 'x'
                mixed.add(bad);
                badKeys.add("bad.tsv:" + i);
            }
        }
        sendWithoutParsing(mixed);
        // a failure and a restore in the middle: dead letters written since the restored checkpoint must not repeat
        TrainOptions options = StreamFixture.options(kafka, topic, REDIS, prefix.prefix(), checkpoints, "--bounded",
                "--batch-size", "128", "--checkpoint-interval", "200ms", "--inject-failure-at-step", "10");

        TrainJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), options);

        List<ConsumerRecord<String, String>> dead = TopicRecords.readCommitted(kafka.bootstrapServers(), options.deadLetterTopic());
        assertEquals(badKeys, dead.stream().map(ConsumerRecord::key).sorted(Comparator.comparingInt(k -> Integer.parseInt(k.split(":")[1]))).toList(),
                "every malformed line lands in the dead-letter topic once, keyed by its event id");
        JsonNode first = new ObjectMapper().readTree(dead.get(0).value());
        assertEquals("BAD_LABEL", first.get("reason").asText(), "the dead letter names the reason: " + first);
        assertTrue(first.get("message").asText().contains("label"), "the message names the field: " + first);
        assertTrue(first.get("line").asText().startsWith("x"), "the raw line is kept: " + first);
        TrainingStatus status = StreamFixture.status(REDIS, prefix.prefix());
        assertTrue(status.restoredAtStep() > 0, "the job should have restored a checkpoint after the failure");
        assertEquals(badKeys.size(), status.rejected());
        assertEquals(StreamFixture.trainingIds(ids(good), options).size(), status.eventsTrained(), "the good events are all trained");
    }

    /** Writes lines as they are, bad ones included (replay would refuse them), keyed like replay keys them. */
    private void sendWithoutParsing(List<RawRecord> records) {
        Topics.ensure(kafka.cluster(), topic, 2, Map.of());
        try (KafkaProducer<String, String> producer = EventProducers.open(kafka.cluster())) {
            for (RawRecord r : records) {
                producer.send(new ProducerRecord<>(topic, r.source() + ":" + r.lineNumber(), r.line()));
            }
        }
    }

    @Test
    void aJobStoppedWithASavepointResumesFromItAloneIntoAGraphWithAnOperatorAddedAndTrainsEachEventOnce() throws Exception {
        TrainOptions options = StreamFixture.options(kafka, topic, REDIS, prefix.prefix(), checkpoints, "--batch-size", "128");
        List<RawRecord> lines = StreamFixture.wholeBatches(StreamFixture.sampleLines(8000), options);
        int n = lines.size();
        List<String> trainingIds = StreamFixture.trainingIds(ids(lines), options);
        StreamFixture.replay(kafka, topic, lines.subList(0, n / 2).iterator(), 0);

        JobClient first = start(options, new Configuration(), env -> { });
        awaitStatus(status -> status.eventsTrained() >= 1000);
        String savepoint = first.stopWithSavepoint(false, checkpoints.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
        try (Stream<Path> jobFolders = Files.list(checkpoints)) {
            for (Path folder : jobFolders.filter(f -> !f.getFileName().toString().equals("savepoints")).toList()) {
                deleteRecursively(folder); // the savepoint must not need the trainer's checkpoint files
            }
        }

        StreamFixture.replay(kafka, topic, lines.subList(n / 2, n).iterator(), 0);
        Configuration fromSavepoint = new Configuration();
        fromSavepoint.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        JobClient second = start(options, fromSavepoint, TrainJobTest::addUnrelatedOperator);
        TrainingStatus done;
        try {
            done = awaitStatus(status -> status.restoredAtStep() > 0 && status.eventsTrained() >= trainingIds.size());
        } finally {
            second.cancel().get(60, TimeUnit.SECONDS);
        }
        assertTrue(done.restoredAtStep() > 0, "the second job should have restored the savepoint");
        assertEquals(trainingIds.size(), done.eventsTrained(), "trained events over both jobs");
        assertEquals(StreamFixture.digest(trainingIds), done.trainedIdDigest(),
                "the ids of the trained events differ from those sent: an event was lost or trained twice");
    }

    /** Starts the job, with {@code beforeJob} adding to the graph first (a change of the graph that moves every node). */
    private static JobClient start(TrainOptions options, Configuration configuration, Consumer<StreamExecutionEnvironment> beforeJob) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        beforeJob.accept(env);
        TrainJob.build(env, options);
        return env.executeAsync(TrainJob.jobName(options));
    }

    /** A pipeline of its own, with no state, ahead of the job's: without uids the job's state could not be mapped to its operators. */
    private static void addUnrelatedOperator(StreamExecutionEnvironment env) {
        env.fromSequence(1, 3).map(x -> x).returns(Types.LONG).name("unrelated").sinkTo(new DiscardingSink<>());
    }

    private TrainingStatus awaitStatus(java.util.function.Predicate<TrainingStatus> condition) throws InterruptedException {
        return StreamFixture.awaitStatus(REDIS, prefix.prefix(), condition);
    }

    /** Flink may still be discarding subsumed checkpoints in {@code folder}: what it removed first is skipped. */
    private static void deleteRecursively(Path folder) throws IOException {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Test
    void afterAnInjectedFailureTwoTrainersTrainEachEventOnceIntoThePublishedModel() throws Exception {
        List<RawRecord> lines = StreamFixture.sampleLines(8000);
        StreamFixture.replay(kafka, topic, lines.iterator(), 0);
        TrainOptions options = StreamFixture.options(kafka, topic, REDIS, prefix.prefix(), checkpoints, "--trainers", "2",
                "--trainer-delta-topic", topic + "-deltas", "--bounded", "--batch-size", "128", "--checkpoint-interval", "200ms",
                "--inject-failure-at-step", "30");

        List<Long> announced;
        List<String> readFailures;
        try (VersionWatcher watcher = new VersionWatcher(REDIS, options.storeSettings().keys())) {
            TrainJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), options);
            Thread.sleep(200);
            announced = watcher.announced();
            readFailures = watcher.failures();
        }

        TrainingStatus status = StreamFixture.status(REDIS, prefix.prefix());
        assertTrue(status.restoredAtStep() > 0, "the merged model should have been restored from a checkpoint, at " + status.restoredAtStep());
        List<String> trainingIds = StreamFixture.trainingIds(StreamFixture.ids(lines), options);
        assertEquals(trainingIds.size(), status.eventsTrained(), "trained events in the merged model");
        assertEquals(StreamFixture.digest(trainingIds), status.trainedIdDigest(),
                "the ids of the events in the merged model differ from those sent: an event was lost or trained twice");
        assertEquals(2, status.trainers().size(), "each trainer's figures: " + status.trainers());
        for (TrainingStatus.TrainerFigures trainer : status.trainers()) {
            assertTrue(trainer.eventsTrained() > trainingIds.size() / 4, "trainer " + trainer.trainer() + " trained a fair share: " + trainer);
        }
        assertTrue(status.trainers().stream().mapToLong(TrainingStatus.TrainerFigures::deltasAdded).sum() > 0,
                "the trainers added none of each other's deltas: " + status.trainers());
        assertStrictlyIncreasing(announced, "announced versions");
        assertTrue(announced.size() >= 2, "versions published: " + announced);
        assertEquals(List.of(), readFailures, "a reader found the latest version incomplete or corrupt");
        try (Stream<Path> left = Files.walk(checkpoints)) {
            assertEquals(List.of(), left.filter(f -> f.toString().contains("autoloss-trainer") || f.toString().contains("autoloss-merged")).toList(),
                    "the job finished, so its checkpoint files should be gone");
        }
    }

    @Test
    void severalTrainersCannotResumeFromRedis() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TrainOptions.parse("--trainers", "2", "--resume-from-redis"));
        assertTrue(refused.getMessage().contains("--trainers 1"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainOptions.parse("--trainers", "0"));
    }

    private static List<String> ids(List<RawRecord> lines) {
        return StreamFixture.ids(lines);
    }

    private static void assertStrictlyIncreasing(List<Long> versions, String what) {
        for (int i = 1; i < versions.size(); i++) {
            assertTrue(versions.get(i) > versions.get(i - 1), what + " went backwards or repeated: " + versions);
        }
    }
}
