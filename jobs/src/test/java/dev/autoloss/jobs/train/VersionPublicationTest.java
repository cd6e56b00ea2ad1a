package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.snapshot.AssembledSnapshot;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.SnapshotKind;
import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.jobs.snapshot.SnapshotPayload;
import dev.autoloss.jobs.snapshot.SnapshotReader;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.train.Trainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which checkpoints become versions, and when they reach Redis (the shared Redis on 127.0.0.1:6379). */
class VersionPublicationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private final CriteoGenerator generator = new CriteoGenerator(GeneratorConfig.defaults().withSeed(3));
    private final ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Task.BINARY);
    private long line;

    @Test
    void aVersionIsPublishedOnlyOnceItsCheckpointCompletedAndAnAbortedOnesNever() throws Exception {
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis(); Trainer trainer = TrainerFactory.create(options(prefix))) {
            VersionPublication versions = new VersionPublication(options(prefix), "test-job", 0, 0);
            try (RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_ADDRESS)) {
                RedisSnapshotStore store = new RedisSnapshotStore(redis, options(prefix).storeSettings());
                step(trainer);
                versions.checkpoint(1, trainer, () -> meta(trainer));
                assertEquals(1, versions.version());
                versions.awaitPublished(Duration.ofMillis(300));
                assertEquals(0, store.latestVersion(), "checkpoint 1 has not completed: nothing is published");

                versions.completed(1);
                step(trainer);
                versions.checkpoint(2, trainer, () -> meta(trainer));
                versions.completed(2); // a delta on full version 1, which may still be being written
                step(trainer);
                versions.checkpoint(3, trainer, () -> meta(trainer));
                versions.aborted(3);
                versions.awaitPublished(PATIENCE);

                assertEquals(List.of(1L, 2L), store.versions(), "version 3's checkpoint aborted");
                AssembledSnapshot latest = new SnapshotReader(redis, options(prefix).storeSettings().keys()).readLatest().orElseThrow();
                assertEquals(SnapshotKind.FULL, latest.full().manifest().kind());
                assertEquals(1, latest.full().manifest().version());
                assertEquals(1, latest.deltas().size());
                assertEquals("2", latest.manifest().meta().get(SnapshotManifest.STEP), "version 2 holds the state at step 2");
                assertEquals(3, versions.version(), "the number of an aborted version is not given out again");
            } finally {
                versions.close(Duration.ZERO);
            }
        }
    }

    @Test
    void aRunStartsWithABaseVersionThatIsKeptButNotServedAndItsFirstVersionIsADeltaOnIt() throws Exception {
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis(); Trainer trainer = TrainerFactory.create(options(prefix));
             RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_ADDRESS)) {
            RedisSnapshotStore store = new RedisSnapshotStore(redis, options(prefix).storeSettings());
            store.publish(SnapshotPayload.full(6, new byte[10], Map.of())); // an earlier model under the prefix (--fresh)
            VersionPublication versions = new VersionPublication(options(prefix), "test-job", 0, 0);
            try {
                versions.publishBase(trainer, meta(trainer));
                assertEquals(7, versions.version(), "numbered above the store's latest version");
                step(trainer);
                versions.checkpoint(1, trainer, () -> meta(trainer));
                versions.completed(1);
                versions.awaitPublished(PATIENCE);

                assertEquals(List.of(6L, 7L, 8L), store.versions());
                AssembledSnapshot latest = new SnapshotReader(redis, options(prefix).storeSettings().keys()).readLatest().orElseThrow();
                assertEquals(8, latest.version());
                assertEquals(SnapshotKind.DELTA, latest.manifest().kind());
                assertEquals(7, latest.full().manifest().version(), "the delta is on the base version");
                assertEquals("0", latest.full().manifest().meta().get(SnapshotManifest.STEP), "the base holds the state the run started from");
                assertEquals(8, versions.publisher().lastPublishedVersion(), "the base is not reported as published");
            } finally {
                versions.close(Duration.ZERO);
            }
        }
    }

    @Test
    void whenRedisLosesTheModelTheNextCheckpointPublishesItAgainWithoutANewStep() throws Exception {
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis(); Trainer trainer = TrainerFactory.create(options(prefix))) {
            VersionPublication versions = new VersionPublication(options(prefix), "test-job", 0, 0);
            try (RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_ADDRESS)) {
                step(trainer);
                versions.checkpoint(1, trainer, () -> meta(trainer));
                versions.completed(1);
                versions.awaitPublished(PATIENCE);
                versions.checkpoint(2, trainer, () -> meta(trainer));
                assertEquals(1, versions.version(), "no new step, nothing lost: no version");

                redis.deleteKeysUnder(prefix.prefix());
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (!versions.publisher().storeBehind(versions.versionStep()) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                versions.checkpoint(3, trainer, () -> meta(trainer));
                versions.completed(3);
                versions.awaitPublished(PATIENCE);
                RedisSnapshotStore store = new RedisSnapshotStore(redis, options(prefix).storeSettings());
                assertEquals(List.of(2L), store.versions(), "the same step, published again as a new full version");
                assertEquals(SnapshotKind.FULL, new SnapshotReader(redis, options(prefix).storeSettings().keys()).readLatest().orElseThrow().manifest().kind());
            } finally {
                versions.close(Duration.ZERO);
            }
        }
    }

    @Test
    void freshnessIsMeasuredFromAnEventsAppendTimeToTheVersionThatHoldsIt() throws Exception {
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis(); Trainer trainer = TrainerFactory.create(options(prefix))) {
            VersionPublication versions = new VersionPublication(options(prefix), "test-job", 0, 0);
            try {
                assertEquals(-1, versions.freshnessMillis(0.99), "nothing measured yet");
                long appended = System.currentTimeMillis() - 2_000;
                for (int i = 0; i < Freshness.SAMPLE_EVERY; i++) {
                    versions.trained(appended);
                }
                step(trainer);
                versions.checkpoint(1, trainer, () -> meta(trainer));
                versions.completed(1);
                versions.awaitPublished(PATIENCE);
                long freshness = versions.freshnessMillis(0.99);
                assertTrue(freshness >= 2_000 && freshness < 2_000 + PATIENCE.toMillis(), "freshness " + freshness + " ms");
            } finally {
                versions.close(Duration.ZERO);
            }
        }
    }

    private static TrainOptions options(RedisPrefix prefix) {
        return TrainOptions.parse("--table-rows", "4096", "--batch-size", "16", "--method", "ce",
                "--redis", RedisPrefix.SHARED_REDIS, "--redis-prefix", prefix.prefix());
    }

    private void step(Trainer trainer) throws Exception {
        List<Example> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            batch.add(example());
        }
        trainer.train(batch, List.of());
    }

    private Example example() throws Exception {
        return parser.parse(new RawRecord("generated", ++line, generator.nextLine()));
    }

    private static Map<String, String> meta(Trainer trainer) {
        return Map.of(SnapshotManifest.STEP, Long.toString(trainer.step()));
    }
}
