package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.snapshot.AssembledSnapshot;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.jobs.snapshot.SnapshotReader;
import dev.autoloss.jobs.embedded.LocalRedis;
import dev.autoloss.jobs.kafka.Topics;
import dev.autoloss.jobs.testing.SharedKafka;
import dev.autoloss.model.features.RawRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train job keeps training while its Redis is down, and publishes again once Redis is back. */
class RedisOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path checkpoints;

    @Test
    void publishingResumesAfterRedisComesBackAndTheJobNeverFails() throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        try (LocalRedis redis = privateRedis()) {
            String topic = "events-" + UUID.randomUUID();
            TrainOptions options = StreamFixture.options(kafka, topic, redis.address(), "outage", checkpoints, "--batch-size", "128");
            List<RawRecord> lines = StreamFixture.sampleLines(8000);
            Topics.ensure(kafka.cluster(), topic, 2, Map.of());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TrainJob.build(env, options);
            JobClient job = env.executeAsync(TrainJob.jobName(options));
            awaitStatus(redis.address(), options, status -> true); // the trainer is up
            // a live stream: events keep arriving during the outage
            CompletableFuture<?> replay = CompletableFuture.runAsync(() -> {
                try {
                    StreamFixture.replay(kafka, topic, lines.iterator(), 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                LongSupplier latest = () -> latestVersion(redis.address(), options);
                awaitVersionAbove(0, latest);
                long beforeOutage = latest.getAsLong();

                redis.stop();
                Thread.sleep(2500);
                assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "the job must keep running while Redis is down");
                redis.restart();

                long afterOutage = awaitVersionAbove(beforeOutage, latest);
                assertTrue(afterOutage > beforeOutage, "a newer version is published after the outage");
                TrainingStatus status = awaitStatus(redis.address(), options, s -> s.publishFailures() > 0);
                assertTrue(status.eventsTrained() > 0, "the job trains");
                assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "nothing crashed");
            } finally {
                job.cancel().get();
                replay.cancel(true);
            }
        }
    }

    @Test
    void aRedisThatComesBackEmptyGetsTheNewestModelAgainWithoutNewEvents() throws Exception {
        EmbeddedKafka kafka = SharedKafka.get();
        try (LocalRedis redis = privateRedis()) {
            String topic = "events-" + UUID.randomUUID();
            TrainOptions options = StreamFixture.options(kafka, topic, redis.address(), "emptied", checkpoints, "--batch-size", "128");
            List<RawRecord> lines = StreamFixture.wholeBatches(StreamFixture.sampleLines(3000), options);
            int training = StreamFixture.trainingIds(StreamFixture.ids(lines), options).size();
            StreamFixture.replay(kafka, topic, lines.iterator(), 0);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TrainJob.build(env, options);
            JobClient job = env.executeAsync(TrainJob.jobName(options));
            try {
                TrainingStatus trained = awaitStatus(redis.address(), options, s -> s.eventsTrained() == training && s.modelVersion() > 0);
                LongSupplier latest = () -> latestVersion(redis.address(), options);
                long before = awaitVersionAbove(0, latest);

                redis.stop();
                redis.restart(); // without persistence: empty, and no event comes to make a new version
                long after = awaitVersionAbove(0, latest);

                assertTrue(after > before, "the version published again is newer than any served before: " + before + " then " + after);
                try (RedisEndpoint endpoint = RedisEndpoint.connect(redis.address())) {
                    AssembledSnapshot served = new SnapshotReader(endpoint, options.storeSettings().keys()).readLatest().orElseThrow();
                    assertEquals(Long.toString(trained.step()), served.manifest().meta().get(SnapshotManifest.STEP),
                            "the model published again is the trained one, whole");
                    assertTrue(served.deltas().isEmpty(), "it is a full version: the deltas' base went with the data");
                }
            } finally {
                job.cancel().get();
            }
        }
    }

    private static long latestVersion(RedisAddress uri, TrainOptions options) {
        try (RedisEndpoint redis = RedisEndpoint.connect(uri)) {
            byte[] latest = redis.sync().get(options.storeSettings().keys().latest());
            return latest == null ? 0 : Long.parseLong(new String(latest));
        }
    }

    private static long awaitVersionAbove(long floor, LongSupplier latest) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            long version = latest.getAsLong();
            if (version > floor) {
                return version;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no version above " + floor + " was published within " + PATIENCE.toSeconds() + " s");
    }

    /** The first status record that passes {@code wanted}. */
    private static TrainingStatus awaitStatus(RedisAddress uri, TrainOptions options, Predicate<TrainingStatus> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            TrainingStatus status = StreamFixture.status(uri, options.redis.prefix);
            if (status != null && wanted.test(status)) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no status record as expected within " + PATIENCE.toSeconds() + " s");
    }

    private static LocalRedis privateRedis() {
        assumeTrue(LocalRedis.canStartPrivate(), "skipped: no redis-server on the PATH to start a private Redis (apt-get install redis-server)");
        return LocalRedis.startPrivate();
    }
}
