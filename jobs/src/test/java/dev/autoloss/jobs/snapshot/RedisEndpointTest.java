package dev.autoloss.jobs.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autoloss.jobs.testing.RedisPrefix;
import io.lettuce.core.RedisCommandTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The connection to Redis against the real server on 127.0.0.1:6379. */
class RedisEndpointTest {

    @Test
    void aCommandThatTimedOutTakesItsConnectionWithItAndTheNextCommandGetsItsOwnReply() throws Exception {
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis();
             RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_ADDRESS, true, Duration.ofMillis(200));
             RedisEndpoint other = RedisEndpoint.connect(RedisPrefix.SHARED_ADDRESS)) {
            String first = prefix.prefix() + ":first";
            String second = prefix.prefix() + ":second";
            redis.sync().set(first, bytes("one"));
            redis.sync().set(second, bytes("two"));
            var before = redis.connection();
            other.sync().clientPause(1_000); // Redis answers nobody for a second: the next command times out
            assertThrows(RedisCommandTimeoutException.class, () -> redis.sync().get(first));
            Thread.sleep(1_200);
            assertNotSame(before, redis.connection(), "a connection that saw a timeout is not used again");
            assertArrayEquals(bytes("two"), redis.sync().get(second), "the reply of the command that timed out came to the next one");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
