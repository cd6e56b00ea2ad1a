package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.resume.JobLineage;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.jobs.testing.SharedKafka;
import dev.autoloss.model.features.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same train command, run again after its job stopped, goes on from the job's newest checkpoint. */
class ResumeTest {

    private static final RedisAddress REDIS = RedisPrefix.SHARED_ADDRESS;

    @TempDir
    Path checkpoints;

    private final RedisPrefix prefix = RedisPrefix.onSharedRedis();

    @AfterEach
    void cleanUp() {
        prefix.close();
    }

    @Test
    void theSameCommandAgainResumesTheModelAndTrainsEachEventOnceAndWithoutCheckpointsTheModelGoesOnFromRedisOrStartsAnewByFlag() throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        String topic = "events-" + UUID.randomUUID();
        TrainOptions options = StreamFixture.options(kafka, topic, REDIS, prefix.prefix(), checkpoints, "--batch-size", "128");
        List<RawRecord> lines = StreamFixture.wholeBatches(StreamFixture.sampleLines(8000), options);
        List<String> trainingIds = StreamFixture.trainingIds(StreamFixture.ids(lines), options);
        StreamFixture.replay(kafka, topic, lines.subList(0, lines.size() / 2).iterator(), 0);

        JobClient first = start(options);
        TrainingStatus before;
        try {
            before = awaitStatus(status -> status.eventsTrained() >= 1000 && status.modelVersion() > 0);
        } finally {
            first.cancel().get(60, TimeUnit.SECONDS); // like a lost process: the job is gone, its checkpoints stay
        }
        assertTrue(JobLineage.of(options.recovery.checkpointDir, "autoloss train " + prefix.prefix()).newestCheckpoint().isPresent(),
                "the cancelled job's checkpoints are retained");

        StreamFixture.replay(kafka, topic, lines.subList(lines.size() / 2, lines.size()).iterator(), 0);
        JobClient second = start(options);
        TrainingStatus done;
        try {
            done = awaitStatus(status -> status.restoredAtStep() > 0 && status.eventsTrained() >= trainingIds.size());
        } finally {
            second.cancel().get(60, TimeUnit.SECONDS);
        }
        assertTrue(done.restoredAtStep() > 0, "the second run went on from the first one's checkpoint, restored at step " + done.restoredAtStep());
        assertEquals(trainingIds.size(), done.eventsTrained(), "trained events over both runs");
        assertEquals(StreamFixture.digest(trainingIds), done.trainedIdDigest(),
                "the ids of the trained events differ from those sent: an event was lost or trained twice");
        assertTrue(done.modelVersion() > before.modelVersion(), "versions go on increasing: " + before.modelVersion() + " then " + done.modelVersion());

        FileUtils.deleteDirectory(checkpoints.toFile()); // the checkpoints are lost; Redis still serves the model
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> start(options));
        assertTrue(refused.getMessage().contains("already holds model version ") && refused.getMessage().contains("--fresh")
                        && refused.getMessage().contains("--resume-from-redis"),
                "a new model must not replace the published one without --fresh, and the message says how to go on: " + refused.getMessage());

        options.resumeFromRedis = true; // from the newest full version: Kafka from the offsets it had not trained
        deleteStatus();
        JobClient fromRedis = start(options);
        TrainingStatus again;
        try {
            again = awaitStatus(status -> status.restoredAtStep() > 0 && status.eventsTrained() >= trainingIds.size());
        } finally {
            fromRedis.cancel().get(60, TimeUnit.SECONDS);
        }
        assertEquals(trainingIds.size(), again.eventsTrained(), "trained events, counting those in the published version");
        assertEquals(StreamFixture.digest(trainingIds), again.trainedIdDigest(),
                "resumed from the published version, the job trains exactly the events its state had not");
        options.resumeFromRedis = false;
        FileUtils.deleteDirectory(checkpoints.toFile());

        options.fresh = true;
        StreamFixture.replay(kafka, topic, lines.subList(0, 1000).iterator(), 0); // new events for the new model
        JobClient fresh = start(options);
        try {
            TrainingStatus anew = awaitStatus(status -> status.restoredAtStep() < 0 && status.eventsTrained() > 0 && status.modelVersion() > done.modelVersion());
            assertEquals(-1, anew.restoredAtStep(), "--fresh trains a new model");
        } finally {
            fresh.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void freshAndResumeFromRedisTogetherAreRefusedBeforeAnyCheckpointIsDeleted() throws Exception {
        Path checkpoint = Files.createDirectories(Path.of(JobLineage.of(checkpoints.toUri().toString(), "autoloss train " + prefix.prefix())
                .folder().toUri()).resolve("run/chk-3"));
        Files.writeString(checkpoint.resolve("_metadata"), "metadata");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> StreamFixture.options(SharedKafka.get(), "events",
                REDIS, prefix.prefix(), checkpoints, "--fresh", "--resume-from-redis"));
        assertTrue(refused.getMessage().contains("--fresh") && refused.getMessage().contains("--resume-from-redis"), refused.getMessage());
        assertTrue(Files.exists(checkpoint.resolve("_metadata")), "the job's checkpoint is still there");
    }

    private void deleteStatus() {
        try (RedisEndpoint redis = RedisEndpoint.connect(REDIS)) {
            redis.sync().del(prefix.prefix() + ":status");
        }
    }

    private static JobClient start(TrainOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainJob.build(env, options);
        return env.executeAsync(TrainJob.jobName(options));
    }

    private TrainingStatus awaitStatus(Predicate<TrainingStatus> condition) throws InterruptedException {
        return StreamFixture.awaitStatus(REDIS, prefix.prefix(), condition);
    }
}
