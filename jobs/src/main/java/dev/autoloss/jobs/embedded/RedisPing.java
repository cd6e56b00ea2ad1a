package dev.autoloss.jobs.embedded;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/** Whether a Redis server answers PING at a URI, asked through Lettuce like every other Redis client here. */
public final class RedisPing {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private RedisPing() {}

    /** One attempt. */
    public static boolean answers(String uri) {
        return answersWithin(uri, Duration.ZERO);
    }

    /** Keeps asking until the server answers or {@code patience} has passed (a server that is starting up). */
    public static boolean answersWithin(String uri, Duration patience) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
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

    /** Masks a password in the URI, for messages. */
    public static String describe(String uri) {
        return RedisURI.create(uri).toString();
    }

    private static boolean pingOnce(RedisClient client) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return "PONG".equals(connection.sync().ping());
        } catch (RedisException e) {
            return false;
        }
    }
}
