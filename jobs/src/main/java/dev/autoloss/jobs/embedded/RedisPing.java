package dev.autoloss.jobs.embedded;

import dev.autoloss.jobs.snapshot.RedisAddress;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/** Whether a Redis server answers PING at a URI, asked through Lettuce like every other Redis client here. */
public final class RedisPing {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private RedisPing() {}

    /** One attempt. */
    public static boolean answers(RedisAddress address) {
        return answersWithin(address, Duration.ZERO);
    }

    /** Keeps asking until the server answers or {@code patience} has passed (a server that is starting up). */
    public static boolean answersWithin(RedisAddress address, Duration patience) {
        RedisClient client = RedisClient.create(address.redisUri());
        client.setOptions(address.clientOptions()
                .autoReconnect(false)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .build());
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (true) {
                if (pingOnce(client)) {
                    return true;
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                Thread.sleep(RETRY_PAUSE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static boolean pingOnce(RedisClient client) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return "PONG".equals(connection.sync().ping());
        } catch (RedisException e) {
            return false;
        }
    }
}
