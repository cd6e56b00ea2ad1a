package dev.autoloss.jobs.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autoloss.jobs.testing.RedisPrefix;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The model store against the real Redis on 127.0.0.1:6379, each test under a key prefix of its own. */
class RedisSnapshotStoreTest {

    private RedisPrefix prefix;
    private RedisEndpoint redis;
    private StoreSettings settings;
    private RedisSnapshotStore store;
    private SnapshotReader reader;

    @BeforeEach
    void connect() {
        prefix = RedisPrefix.onSharedRedis();
        redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS);
        settings = StoreSettings.defaults(prefix.prefix()).withChunkBytes(4096);
        store = new RedisSnapshotStore(redis, settings);
        reader = new SnapshotReader(redis, settings.keys());
    }

    @AfterEach
    void cleanUp() {
        redis.close();
        prefix.close();
    }

    @Test
    void everyStatusRecordIsAppendedToAHistoryCappedAtAboutItsLength() {
        int length = SnapshotKeys.STATUS_HISTORY_LENGTH;
        int written = length + 1_000;
        for (int i = 1; i <= written; i++) {
            store.writeStatus("{\"n\":" + i + "}");
        }
        String history = settings.keys().statusHistory();
        long kept = redis.sync().xlen(history);
        assertTrue(kept >= length && kept < written, "MAXLEN ~ " + length + " keeps about that many of " + written + ", kept " + kept);
        List<StreamMessage<String, byte[]>> newest = redis.sync().xrevrange(history, Range.create("-", "+"), Limit.from(1));
        assertEquals("{\"n\":" + written + "}", new String(newest.get(0).getBody().get(SnapshotKeys.STATUS_HISTORY_FIELD), StandardCharsets.UTF_8));
        assertEquals("{\"n\":" + written + "}", new String(redis.sync().get(settings.keys().status()), StandardCharsets.UTF_8));
    }

    @Test
    void publishedVersionReadsBackChunkedAndVerified() {
        byte[] bytes = randomBytes(20_000, 1);
        PublishResult result = store.publish(SnapshotPayload.full(1, bytes, Map.of("step", "42")));

        assertTrue(result.published(), "a first version must be published: " + result);
        AssembledSnapshot read = reader.readLatest().orElseThrow(() -> new AssertionError("no latest version after publishing"));
        assertEquals(1, read.version());
        assertArrayEquals(bytes, read.full().bytes(), "the payload read back differs from the one published");
        assertEquals(5, read.manifest().chunks().size(), "20,000 bytes in 4,096-byte chunks make 5 chunks");
        assertEquals("42", read.manifest().meta().get("step"));
        assertTrue(read.deltas().isEmpty());
    }

    @Test
    void emptyStoreHasNoLatestVersion() {
        assertTrue(reader.readLatest().isEmpty());
        assertEquals(0, store.latestVersion());
    }

    @Test
    void theLatestStepIsKnownOnlyWhileTheLatestVersionIsWhole() {
        assertEquals(new RedisSnapshotStore.Served(0, OptionalLong.empty()), store.served(), "an empty store serves no model");
        store.publish(SnapshotPayload.full(3, randomBytes(100, 1), Map.of(SnapshotManifest.STEP, "42")));
        assertEquals(new RedisSnapshotStore.Served(3, OptionalLong.of(42)), store.served());
        redis.sync().del(settings.keys().manifest(3));
        assertEquals(new RedisSnapshotStore.Served(3, OptionalLong.empty()), store.served(), "latest names version 3, whose manifest is gone: no model is served");
    }

    @Test
    void latestNeverMovesBackwards() {
        store.publish(SnapshotPayload.full(5, randomBytes(100, 1), Map.of()));

        PublishResult older = store.publish(SnapshotPayload.full(4, randomBytes(100, 2), Map.of()));
        PublishResult same = store.publish(SnapshotPayload.full(5, randomBytes(100, 3), Map.of()));

        assertFalse(older.published(), "an older version must be refused");
        assertFalse(same.published(), "a second version 5 must be refused");
        assertEquals(5, older.latest());
        assertArrayEquals(randomBytes(100, 1), reader.readLatest().orElseThrow().full().bytes(), "version 5 was overwritten");
    }

    @Test
    void deltaIsAssembledWithTheChainBackToItsFullSnapshot() {
        byte[] full = randomBytes(9000, 1);
        byte[] delta2 = randomBytes(300, 2);
        byte[] delta3 = randomBytes(5000, 3);
        store.publish(SnapshotPayload.full(1, full, Map.of()));
        store.publish(SnapshotPayload.delta(2, 1, delta2, Map.of()));
        store.publish(SnapshotPayload.delta(3, 2, delta3, Map.of()));

        AssembledSnapshot read = reader.readLatest().orElseThrow();

        assertEquals(3, read.version());
        assertEquals(1, read.full().manifest().version());
        assertArrayEquals(full, read.full().bytes());
        assertEquals(List.of(2L, 3L), read.deltas().stream().map(p -> p.manifest().version()).toList(), "deltas in chain order");
        assertArrayEquals(delta3, read.deltas().get(1).bytes());
        assertEquals(Long.valueOf(2), read.manifest().base());
    }

    @Test
    void aBaseVersionIsKeptButNotServedUntilADeltaOnItIs() {
        store.publish(SnapshotPayload.full(4, randomBytes(100, 4), Map.of()));
        byte[] base = randomBytes(9000, 5);

        PublishResult kept = store.publish(SnapshotPayload.base(5, base, Map.of()));

        assertTrue(kept.published());
        assertEquals(4, store.latestVersion(), "a base version is not served");
        assertEquals(List.of(4L, 5L), store.versions());
        assertEquals(4, reader.readLatest().orElseThrow().version());
        assertFalse(store.publish(SnapshotPayload.base(3, base, Map.of())).published(), "a base is numbered above the latest version too");

        store.publish(SnapshotPayload.delta(6, 5, randomBytes(300, 6), Map.of()));
        AssembledSnapshot read = reader.readLatest().orElseThrow();
        assertEquals(6, read.version());
        assertArrayEquals(base, read.full().bytes(), "the delta is assembled on the base");
    }

    @Test
    void deltaOnABaseThatIsNotKeptIsRefused() {
        store.publish(SnapshotPayload.full(1, randomBytes(10, 1), Map.of()));

        PublishResult result = store.publish(SnapshotPayload.delta(3, 2, randomBytes(10, 2), Map.of()));

        assertFalse(result.published());
        assertTrue(result.refusal().contains("base 2"), result.refusal());
        assertEquals(1, store.latestVersion());
    }

    @Test
    void keepsTheNewestVersionsAndTheBasesTheyNeedAndDeletesTheRest() {
        store = new RedisSnapshotStore(redis, settings.withKeepVersions(2));
        store.publish(SnapshotPayload.full(1, randomBytes(5000, 1), Map.of()));
        store.publish(SnapshotPayload.full(2, randomBytes(5000, 2), Map.of()));
        store.publish(SnapshotPayload.delta(3, 2, randomBytes(10, 3), Map.of()));
        store.publish(SnapshotPayload.delta(4, 2, randomBytes(10, 4), Map.of()));

        assertEquals(List.of(2L, 3L, 4L), store.versions(), "versions 3 and 4 are kept, and 2 as their base");
        SnapshotKeys keys = settings.keys();
        assertEquals(0, redis.sync().exists(keys.manifest(1), keys.chunk(1, 0), keys.chunk(1, 1)), "version 1 should be deleted");
        assertEquals(-1, redis.sync().ttl(keys.manifest(2)), "kept base 2 must not expire");
        assertEquals(-1, redis.sync().ttl(keys.chunk(4, 0)), "kept version 4 must not expire");
    }

    @Test
    void corruptChunkIsReportedWithItsKey() {
        store.publish(SnapshotPayload.full(1, randomBytes(10_000, 1), Map.of()));
        String chunk = settings.keys().chunk(1, 1);
        redis.sync().set(chunk, randomBytes(4096, 99));

        InconsistentVersionException error = assertThrows(InconsistentVersionException.class, () -> reader.readLatest());
        assertTrue(error.getMessage().contains(chunk), "the error should name the chunk: " + error.getMessage());
    }

    @Test
    void announcesEachPublishedVersionOnTheChannel() throws Exception {
        List<String> announced = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> pubSub = redis.connectPubSub()) {
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    announced.add(message);
                }
            });
            pubSub.sync().subscribe(settings.keys().publishedChannel());
            store.publish(SnapshotPayload.full(1, randomBytes(10, 1), Map.of()));
            store.publish(SnapshotPayload.full(1, randomBytes(10, 1), Map.of()));
            store.publish(SnapshotPayload.full(2, randomBytes(10, 2), Map.of()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (announced.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertEquals(List.of("1", "2"), announced, "each new latest version is announced once; a refused one is not");
    }

    @Test
    void concurrentReaderOnlyEverSeesCompleteVersions() throws Exception {
        AtomicBoolean publishing = new AtomicBoolean(true);
        List<Long> seen = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread watcher = new Thread(() -> {
            try (RedisEndpoint own = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS)) {
                SnapshotReader watching = new SnapshotReader(own, settings.keys());
                while (publishing.get()) {
                    watching.readLatest().ifPresent(s -> {
                        assertArrayEquals(randomBytes(30_000, (int) s.version()), s.full().bytes(), "version " + s.version());
                        seen.add(s.version());
                    });
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        watcher.start();
        for (int v = 1; v <= 30; v++) {
            store.publish(SnapshotPayload.full(v, randomBytes(30_000, v), Map.of()));
        }
        publishing.set(false);
        watcher.join();

        assertEquals(List.of(), failures, "the reader failed while versions were published");
        assertFalse(seen.isEmpty(), "the reader never saw a version");
        List<Long> sorted = new ArrayList<>(seen);
        sorted.sort(null);
        assertEquals(sorted, seen, "the latest version seen went backwards");
    }

    static byte[] randomBytes(int n, int seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
