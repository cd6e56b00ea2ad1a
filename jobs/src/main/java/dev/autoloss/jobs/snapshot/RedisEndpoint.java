package dev.autoloss.jobs.snapshot;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis connection with text keys and binary values, from a URI ({@code redis://}, {@code rediss://}
 * for TLS, with password). While Redis is unreachable, commands fail at once instead of queueing
 * (Lettuce's default would buffer whole snapshots in memory).
 */
public final class RedisEndpoint implements AutoCloseable {

    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;

    private RedisEndpoint(RedisClient client, StatefulRedisConnection<String, byte[]> connection) {
        this.client = client;
        this.connection = connection;
    }

    /** Connects now; throws {@link io.lettuce.core.RedisConnectionException} naming the address when Redis does not answer. */
    public static RedisEndpoint connect(String uri) {
        return connect(uri, true);
    }

    /** A connection that fails for good when Redis goes away, for a caller that reconnects on its own schedule. */
    public static RedisEndpoint connectWithoutReconnect(String uri) {
        return connect(uri, false);
    }

    private static RedisEndpoint connect(String uri, boolean autoReconnect) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(autoReconnect)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            return new RedisEndpoint(client, client.connect(CODEC));
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    public RedisCommands<String, byte[]> sync() {
        return connection.sync();
    }

    public StatefulRedisConnection<String, byte[]> connection() {
        return connection;
    }

    /** A separate connection for SUBSCRIBE (a subscribed connection cannot run other commands). */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client.connectPubSub(StringCodec.UTF8);
    }

    /** Deletes every key under {@code prefix} (its keys are {@code prefix:...}), paging with SCAN so as never to block Redis; returns how many. */
    public long deleteKeysUnder(String prefix) {
        ScanCursor cursor = ScanCursor.INITIAL;
        List<RedisFuture<Long>> deletes = new ArrayList<>();
        do {
            KeyScanCursor<String> page = sync().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(1000));
            if (!page.getKeys().isEmpty()) {
                deletes.add(connection.async().unlink(page.getKeys().toArray(String[]::new)));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return deletes.stream().mapToLong(d -> d.toCompletableFuture().join()).sum();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
