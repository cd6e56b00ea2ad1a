package dev.autoloss.jobs.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autoloss.jobs.serve.RedisServerOptions;
import dev.autoloss.jobs.snapshot.RedisAddress;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LocalRedisTest {

    private static final String KEY_PREFIX = "autoloss:test:embedded:";
    private static final String NO_BINARY = "no redis-server on the PATH: private-server tests skipped";

    @Test
    void theResolvedRedisStoresAndReturnsAValue() {
        try (LocalRedis redis = LocalRedis.resolve(new RedisServerOptions())) {
            String key = KEY_PREFIX + UUID.randomUUID();
            String stored = withRedis(redis.address(), commands -> {
                commands.set(key, "value at " + redis.address());
                try {
                    return commands.get(key);
                } finally {
                    commands.del(key);
                }
            });
            assertEquals("value at " + redis.address(), stored, "GET after SET through " + redis.address());
        }
    }

    @Test
    void withNothingAtTheDefaultAddressAPrivateServerIsStartedAndStoppedOnClose() {
        assumeTrue(LocalRedis.canStartPrivate(), NO_BINARY);
        RedisAddress silentAddress = silentAddress();
        RedisAddress address;
        try (LocalRedis redis = LocalRedis.resolve(silentAddress, false, System.getenv("PATH"))) {
            address = redis.address();
            assertTrue(redis.startedByUs(), "a private server was started for " + address);
            assertEquals("PONG", withRedis(address, RedisCommands::ping), "private server at " + address);
        }
        assertFalse(RedisPing.answers(address), "private server at " + address + " still answers after close");
    }

    @Test
    void withoutRedisServerOnThePathTheErrorSaysHowToInstallItInOneLine() {
        RedisAddress silentAddress = silentAddress();
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> LocalRedis.resolve(silentAddress, false, ""));
        String message = error.getMessage();
        assertTrue(message.contains(silentAddress.toString()) && message.contains("apt-get install redis-server")
                && message.contains("REDIS_URL"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void aNamedAddressThatDoesNotAnswerIsNamedInTheError() {
        RedisAddress silentAddress = silentAddress();
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> LocalRedis.resolve(silentAddress, true, System.getenv("PATH")));
        assertTrue(error.getMessage().contains(silentAddress.toString()), error.getMessage());
    }

    @Test
    void aPrivateServerStopsAndComesBackEmptyOnTheSamePort() {
        assumeTrue(LocalRedis.canStartPrivate(), NO_BINARY);
        try (LocalRedis redis = LocalRedis.startPrivate()) {
            RedisAddress address = redis.address();
            String key = KEY_PREFIX + "restart";
            withRedis(address, commands -> commands.set(key, "before the outage"));

            redis.stop();
            assertFalse(RedisPing.answers(address), "stopped server at " + address + " still answers");

            redis.restart();
            assertEquals(address, redis.address(), "address after restart");
            assertNull(withRedis(address, commands -> commands.get(key)), "a restarted server starts empty");
        }
    }

    @Test
    void aServerThisProcessDidNotStartCannotBeStopped() {
        assumeTrue(LocalRedis.canStartPrivate(), NO_BINARY);
        try (LocalRedis owner = LocalRedis.startPrivate()) {
            try (LocalRedis user = LocalRedis.resolve(owner.address(), true, System.getenv("PATH"))) {
                assertFalse(user.startedByUs(), "resolved from a given address");
                IllegalStateException error = assertThrows(IllegalStateException.class, user::stop);
                assertTrue(error.getMessage().contains("did not start it"), error.getMessage());
            }
            assertTrue(RedisPing.answers(owner.address()), "closing a user of a server leaves the server running");
        }
    }

    private static RedisAddress silentAddress() {
        return RedisAddress.of("redis://127.0.0.1:" + FreePort.find());
    }

    private static <T> T withRedis(RedisAddress address, Function<RedisCommands<String, String>, T> action) {
        RedisClient client = RedisClient.create(address.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return action.apply(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
