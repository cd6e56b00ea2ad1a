package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.RedisEndpoint;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Served predictions in Redis: one JSON {@link PredictionRecord} per request id, each with a TTL, so a
 * prediction nobody read goes away by itself. Writes of a batch are pipelined and awaited together.
 * Not thread-safe beyond what one Lettuce connection allows (one store per thread or operator instance).
 */
public final class PredictionStore {

    private final RedisEndpoint redis;
    private final PredictionKeys keys;

    public PredictionStore(RedisEndpoint redis, PredictionKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public PredictionKeys keys() {
        return keys;
    }

    /** Writes every record to live for {@code ttl} (replacing an older one of the same request); returns once Redis has them all. */
    public void writeAll(List<PredictionRecord> records, Duration ttl) {
        List<RedisFuture<String>> writes = new ArrayList<>(records.size());
        for (PredictionRecord record : records) {
            writes.add(send(record, ttl));
        }
        await(writes);
    }

    /** Sends the write without waiting for it (Lettuce pipelines what is sent meanwhile); {@link #await} it. */
    public RedisFuture<String> send(PredictionRecord record, Duration ttl) {
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("prediction TTL must be at least 1 ms, got " + ttl);
        }
        return redis.connection().async().set(keys.prediction(record.requestId()), record.toJson().getBytes(StandardCharsets.UTF_8),
                SetArgs.Builder.px(ttl));
    }

    /** Waits until Redis has acknowledged every write; throws naming the first failure or the timeout. */
    public static void await(List<RedisFuture<String>> writes) {
        if (!LettuceFutures.awaitAll(RedisEndpoint.COMMAND_TIMEOUT, writes.toArray(RedisFuture[]::new))) {
            throw new RedisCommandTimeoutException("writing " + writes.size() + " predictions took over " + RedisEndpoint.COMMAND_TIMEOUT);
        }
    }

    /** The record served for {@code requestId}, empty when there is none (never written, or expired). */
    public Optional<PredictionRecord> read(String requestId) {
        String key = keys.prediction(requestId);
        byte[] json = redis.sync().get(key);
        return json == null ? Optional.empty() : Optional.of(PredictionRecord.fromJson(key, new String(json, StandardCharsets.UTF_8)));
    }
}
