package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.RedisEndpoint;


import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Served predictions in Redis: one JSON {@link PredictionRecord} per request id, each with a TTL, so a
 * prediction nobody read goes away by itself. The writes of a batch go out together and are awaited
 * together. Not thread-safe: one store, and its connection, per thread or operator instance.
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
        await(sendAll(records, ttl));
    }

    /**
     * Sends the writes without waiting for Redis's answers, in one network write (not one per command);
     * {@link #await} the futures. Uses the connection alone meanwhile.
     */
    public List<RedisFuture<String>> sendAll(List<PredictionRecord> records, Duration ttl) {
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("prediction TTL must be at least 1 ms, got " + ttl);
        }
        SetArgs expiring = SetArgs.Builder.px(ttl);
        StatefulRedisConnection<String, byte[]> connection = redis.connection();
        RedisAsyncCommands<String, byte[]> async = connection.async();
        List<RedisFuture<String>> writes = new ArrayList<>(records.size());
        connection.setAutoFlushCommands(false);
        try {
            for (PredictionRecord record : records) {
                writes.add(async.set(keys.prediction(record.requestId()), record.toJson().getBytes(StandardCharsets.UTF_8), expiring));
            }
        } finally {
            connection.flushCommands();
            connection.setAutoFlushCommands(true);
        }
        return writes;
    }

    /** Waits until Redis has acknowledged every write; throws naming the first failure or the timeout. */
    public void await(List<RedisFuture<String>> writes) {
        redis.awaitAll(RedisEndpoint.COMMAND_TIMEOUT, writes, "writing " + writes.size() + " predictions");
    }

    /** The record served for {@code requestId}, empty when there is none (never written, or expired). */
    public Optional<PredictionRecord> read(String requestId) {
        String key = keys.prediction(requestId);
        byte[] json = redis.sync().get(key);
        return json == null ? Optional.empty() : Optional.of(PredictionRecord.fromJson(key, new String(json, StandardCharsets.UTF_8)));
    }
}
