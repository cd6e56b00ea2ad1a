package dev.autoloss.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.testing.RedisPrefix;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Served predictions in the real Redis on 127.0.0.1:6379. */
class PredictionStoreTest {

    private RedisPrefix prefix;
    private RedisEndpoint redis;
    private PredictionKeys keys;

    @BeforeEach
    void connect() {
        prefix = RedisPrefix.onSharedRedis();
        redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS);
        keys = new PredictionKeys(prefix.prefix());
    }

    @AfterEach
    void cleanUp() {
        redis.close();
        prefix.close();
    }

    @Test
    void predictionsAndErrorsReadBackAsWritten() {
        PredictionStore store = new PredictionStore(redis, keys);
        PredictionRecord binary = PredictionRecord.scored("r-1", new Scores(7, 1_000, 1, new float[] {0.25f}), 0, 1_500);
        PredictionRecord multiclass = PredictionRecord.scored("r-2", new Scores(7, 1_000, 5, new float[] {.1f, .2f, .3f, .2f, .2f}), 0, 1_700);
        PredictionRecord error = PredictionRecord.failed("r-3", new PredictionRecord.Failure("BAD_NUMBER", "I3", "x", "requests/0:3: ..."), 1_800);

        store.writeAll(List.of(binary, multiclass, error), Duration.ofMinutes(1));

        PredictionRecord first = store.read("r-1").orElseThrow(() -> new AssertionError("r-1 was not stored"));
        assertEquals(7L, first.version());
        assertEquals(0.25f, first.score());
        assertEquals(500L, first.modelAgeMillis(), "age = scored at 1,500 - published at 1,000");
        assertNull(first.probabilities());
        assertArrayEquals(new float[] {.1f, .2f, .3f, .2f, .2f}, store.read("r-2").orElseThrow().probabilities());
        assertEquals(error.error(), store.read("r-3").orElseThrow().error());
    }

    @Test
    void anyRedisClientFindsThePredictionAsDocumented() {
        new PredictionStore(redis, keys)
                .writeAll(List.of(PredictionRecord.scored("r-9", new Scores(3, 1_000, 1, new float[] {0.5f}), 0, 1_250)), Duration.ofMinutes(1));

        byte[] raw = redis.sync().get(prefix.prefix() + ":pred:r-9");

        assertEquals("{\"requestId\":\"r-9\",\"version\":3,\"score\":0.5,\"modelAgeMillis\":250,\"scoredAtMillis\":1250}",
                new String(raw, StandardCharsets.UTF_8));
        long ttl = redis.sync().pttl(prefix.prefix() + ":pred:r-9");
        assertTrue(ttl > 50_000 && ttl <= 60_000, "the record must expire after the configured minute, PTTL = " + ttl);
    }

    @Test
    void expiredPredictionReadsAsAbsent() throws InterruptedException {
        PredictionStore store = new PredictionStore(redis, keys);
        store.writeAll(List.of(PredictionRecord.scored("r-1", new Scores(1, 0, 1, new float[] {0.5f}), 0, 10)), Duration.ofMillis(100));
        assertTrue(store.read("r-1").isPresent(), "the prediction must be there before its TTL passes");

        Thread.sleep(250);

        assertTrue(store.read("r-1").isEmpty(), "the prediction must be gone after its 100 ms TTL");
        assertTrue(store.read("never-sent").isEmpty());
    }
}
