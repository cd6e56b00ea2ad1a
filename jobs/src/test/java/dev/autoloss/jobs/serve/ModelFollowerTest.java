package dev.autoloss.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.SnapshotKeys;
import dev.autoloss.jobs.snapshot.SnapshotPayload;
import dev.autoloss.jobs.snapshot.StoreSettings;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.model.features.Example;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The follower against the real Redis on 127.0.0.1:6379, with a model whose output is its version's weight. */
class ModelFollowerTest {

    private static final Duration NO_POLLING = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<Example> ONE = List.of(new Example("r", -1, Float.NaN, new long[] {1, 2, 3}));

    private RedisPrefix prefix;
    private RedisEndpoint redis;
    private RedisSnapshotStore store;
    private SnapshotKeys keys;

    @BeforeEach
    void connect() {
        prefix = RedisPrefix.onSharedRedis();
        redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS);
        StoreSettings settings = StoreSettings.defaults(prefix.prefix()).withKeepVersions(2);
        store = new RedisSnapshotStore(redis, settings);
        keys = settings.keys();
    }

    @AfterEach
    void cleanUp() {
        redis.close();
        prefix.close();
    }

    @Test
    void loadsTheLatestVersionAssembledFromItsFullSnapshotAndDeltas() throws InterruptedException {
        store.publish(SnapshotPayload.full(1, WeightPredictor.payload(1.0f), Map.of()));
        store.publish(SnapshotPayload.delta(2, 1, WeightPredictor.payload(0.25f), Map.of()));
        store.publish(SnapshotPayload.delta(3, 1, WeightPredictor.payload(0.5f), Map.of()));

        try (ModelFollower follower = ModelFollower.start(RedisPrefix.SHARED_ADDRESS, keys, new WeightPredictor.Loader(0), NO_POLLING)) {
            assertTrue(follower.awaitVersion(3, WAIT), "version 3 was not loaded; serving " + follower.version());
            Scores scores = follower.score(ONE);
            assertEquals(3, scores.version());
            assertEquals(1.5f, scores.values()[0], "version 3 = full 1.0 + its own delta 0.5 (not the delta of version 2)");
        }
    }

    @Test
    void announcedVersionIsSwappedInWithoutPolling() throws InterruptedException {
        store.publish(SnapshotPayload.full(1, WeightPredictor.payload(1f), Map.of()));
        try (ModelFollower follower = ModelFollower.start(RedisPrefix.SHARED_ADDRESS, keys, new WeightPredictor.Loader(0), NO_POLLING)) {
            assertTrue(follower.awaitVersion(1, WAIT), "the first version was not loaded");

            store.publish(SnapshotPayload.full(2, WeightPredictor.payload(2f), Map.of()));

            assertTrue(follower.awaitVersion(2, WAIT), "the announcement of version 2 was not followed (polling is off)");
            assertEquals(2f, follower.score(ONE).values()[0]);
        }
    }

    @Test
    void pollingFindsNewVersionsWithoutAnnouncements() throws InterruptedException {
        try (ModelFollower follower = ModelFollower.start(RedisPrefix.SHARED_ADDRESS, keys, new WeightPredictor.Loader(0),
                Duration.ofMillis(50), false)) {
            assertThrows(NoModelException.class, () -> follower.score(ONE), "scoring before any version must say there is no model");

            store.publish(SnapshotPayload.full(4, WeightPredictor.payload(4f), Map.of()));

            assertTrue(follower.awaitVersion(4, WAIT), "polling did not find version 4");
        }
    }

    @Test
    void refusedVersionLeavesTheCurrentOneServing() throws InterruptedException {
        store.publish(SnapshotPayload.full(1, WeightPredictor.payload(1f), Map.of()));
        try (ModelFollower follower = ModelFollower.start(RedisPrefix.SHARED_ADDRESS, keys, new WeightPredictor.Loader(0), NO_POLLING)) {
            assertTrue(follower.awaitVersion(1, WAIT));

            store.publish(SnapshotPayload.full(2, new byte[3], Map.of()));

            awaitFailures(follower, 1);
            assertEquals(1, follower.score(ONE).version(), "version 1 must keep serving after version 2 failed to load");

            store.publish(SnapshotPayload.full(3, WeightPredictor.payload(3f), Map.of()));
            assertTrue(follower.awaitVersion(3, WAIT), "a good version after a refused one must be loaded");
            assertEquals(1, follower.loadFailures(), "version 2 must be tried once, not again at every check");
        }
    }

    @Test
    void corruptVersionIsReportedAndNeverServed() throws InterruptedException {
        store.publish(SnapshotPayload.full(1, WeightPredictor.payload(1f), Map.of()));
        redis.sync().set(keys.chunk(1, 0), WeightPredictor.payload(9f)); // same size, wrong checksum

        try (ModelFollower follower = ModelFollower.start(RedisPrefix.SHARED_ADDRESS, keys, new WeightPredictor.Loader(0), NO_POLLING)) {
            awaitFailures(follower, 1);
            assertThrows(NoModelException.class, () -> follower.score(ONE), "a corrupt version must never serve");

            store.publish(SnapshotPayload.full(2, WeightPredictor.payload(2f), Map.of()));
            assertTrue(follower.awaitVersion(2, WAIT), "a good version after a corrupt one must be loaded");
        }
    }

    private static void awaitFailures(ModelFollower follower, long failures) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (follower.loadFailures() < failures) {
            if (System.nanoTime() > deadline) {
                fail("the follower reported " + follower.loadFailures() + " failed loads, expected " + failures);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void swapsUnderConcurrentScoringNeverMixVersionsAndLoseNoRequest() throws Exception {
        int threads = 3;
        int versions = 30;
        WeightPredictor.Loader loader = new WeightPredictor.Loader(20_000);
        store.publish(SnapshotPayload.full(1, WeightPredictor.payload(1f), Map.of()));
        ModelFollower follower = ModelFollower.start(RedisPrefix.SHARED_ADDRESS, keys, loader, NO_POLLING);
        assertTrue(follower.awaitVersion(1, WAIT));
        List<Example> batch = Collections.nCopies(50, ONE.get(0));

        AtomicBoolean publishing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> scorers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            scorers.add(pool.submit(() -> {
                List<String> wrong = new ArrayList<>();
                long scored = 0;
                long lastVersion = 0;
                while (publishing.get()) {
                    Scores scores = follower.score(batch); // throws if a predictor is used after close
                    scored++;
                    for (float value : scores.values()) {
                        if (value != scores.version()) {
                            wrong.add("version " + scores.version() + " scored " + value);
                        }
                    }
                    if (scores.version() < lastVersion) {
                        wrong.add("went back from version " + lastVersion + " to " + scores.version());
                    }
                    lastVersion = scores.version();
                }
                wrong.add(0, Long.toString(scored));
                return wrong;
            }));
        }
        for (int v = 2; v <= versions; v++) {
            store.publish(SnapshotPayload.full(v, WeightPredictor.payload(v), Map.of()));
            assertTrue(follower.awaitVersion(v, WAIT), "version " + v + " was not followed");
        }
        publishing.set(false);
        for (Future<List<String>> scorer : scorers) {
            List<String> result = scorer.get();
            assertTrue(Long.parseLong(result.get(0)) > 0, "a scoring thread scored nothing");
            assertEquals(List.of(), result.subList(1, result.size()), "scores not made by their version's weights");
        }
        pool.shutdown();
        assertEquals(versions, follower.loads());
        assertEquals(1, loader.open.get(), "every replaced version must be closed, the current one kept open");
        follower.close();
        assertEquals(0, loader.open.get(), "closing the follower must close the last version");
    }
}
