package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.drill.VersionWatcher;
import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.jobs.testing.SharedKafka;
import dev.autoloss.model.features.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train job with two trainers end to end (embedded Kafka, the real Redis, a MiniCluster): every training event is
 * trained once into the one published model, across an injected failure, and the trainers exchange their deltas.
 */
class SeveralTrainersTest {

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
        for (int i = 1; i < announced.size(); i++) {
            assertTrue(announced.get(i) > announced.get(i - 1), "versions went backwards or repeated: " + announced);
        }
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
}
