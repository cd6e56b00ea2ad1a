package dev.autoloss.jobs.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        try (LocalRedis redis = LocalRedis.resolve()) {
            String key = KEY_PREFIX + UUID.randomUUID();
            String stored = withRedis(redis.uri(), commands -> {
                commands.set(key, "value at " + redis.uri());
                try {
                    return commands.get(key);
                } finally {
                    commands.del(key);
                }
            });
            assertEquals("value at " + redis.uri(), stored, "GET after SET through " + redis.uri());
        }
    }

    @Test
    void withNothingAtTheDefaultAddressAPrivateServerIsStartedAndStoppedOnClose() {
        assumeTrue(LocalRedis.canStartPrivate(), NO_BINARY);
        String silentAddress = "redis://127.0.0.1:" + FreePort.find();
        String uri;
        try (LocalRedis redis = LocalRedis.resolve(null, silentAddress, System.getenv("PATH"))) {
            uri = redis.uri();
            assertTrue(redis.startedByUs(), "a private server was started for " + uri);
            assertEquals("PONG", withRedis(uri, RedisCommands::ping), "private server at " + uri);
        }
        assertFalse(RedisPing.answers(uri), "private server at " + uri + " still answers after close");
    }

    @Test
    void withoutRedisServerOnThePathTheErrorSaysHowToInstallItInOneLine() {
        String silentAddress = "redis://127.0.0.1:" + FreePort.find();
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> LocalRedis.resolve(null, silentAddress, ""));
        String message = error.getMessage();
        assertTrue(message.contains(silentAddress) && message.contains("apt-get install redis-server")
                && message.contains("REDIS_URL"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void aGivenAddressThatDoesNotAnswerIsNamedInTheError() {
        String silentAddress = "redis://127.0.0.1:" + FreePort.find();
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> LocalRedis.resolve(silentAddress));
        assertTrue(error.getMessage().contains(silentAddress), error.getMessage());
    }

    @Test
    void aGivenAddressThatIsNoRedisUriIsNamedInTheError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> LocalRedis.resolve("localhost:6379"));
        assertTrue(error.getMessage().contains("'localhost:6379' is not a Redis URI"), error.getMessage());
    }

    @Test
    void aPrivateServerStopsAndComesBackEmptyOnTheSamePort() {
        assumeTrue(LocalRedis.canStartPrivate(), NO_BINARY);
        try (LocalRedis redis = LocalRedis.startPrivate()) {
            String uri = redis.uri();
            String key = KEY_PREFIX + "restart";
            withRedis(uri, commands -> commands.set(key, "before the outage"));

            redis.stop();
            assertFalse(RedisPing.answers(uri), "stopped server at " + uri + " still answers");

            redis.restart();
            assertEquals(uri, redis.uri(), "address after restart");
            assertNull(withRedis(uri, commands -> commands.get(key)), "a restarted server starts empty");
        }
    }

    @Test
    void aServerThisProcessDidNotStartCannotBeStopped() {
        assumeTrue(LocalRedis.canStartPrivate(), NO_BINARY);
        try (LocalRedis owner = LocalRedis.startPrivate()) {
            try (LocalRedis user = LocalRedis.resolve(owner.uri())) {
                assertFalse(user.startedByUs(), "resolved from a given address");
                IllegalStateException error = assertThrows(IllegalStateException.class, user::stop);
                assertTrue(error.getMessage().contains("did not start it"), error.getMessage());
            }
            assertTrue(RedisPing.answers(owner.uri()), "closing a user of a server leaves the server running");
        }
    }

    private static <T> T withRedis(String uri, Function<RedisCommands<String, String>, T> action) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return action.apply(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
