package dev.autoloss.jobs.testing;

import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import java.util.UUID;

/** A key prefix of its own for one test on the shared Redis (127.0.0.1:6379), deleted afterwards. */
public final class RedisPrefix implements AutoCloseable {

    public static final String SHARED_REDIS = "redis://127.0.0.1:6379";
    public static final RedisAddress SHARED_ADDRESS = RedisAddress.of(SHARED_REDIS);

    private final String prefix;
    private final String uri;

    public RedisPrefix(String uri) {
        this.uri = uri;
        this.prefix = "autoloss-test:" + UUID.randomUUID();
    }

    public static RedisPrefix onSharedRedis() {
        return new RedisPrefix(SHARED_REDIS);
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public void close() {
        try (RedisEndpoint redis = RedisEndpoint.connect(uri)) {
            redis.deleteKeysUnder(prefix);
        }
    }
}
