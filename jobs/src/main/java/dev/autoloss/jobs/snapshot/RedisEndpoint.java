package dev.autoloss.jobs.snapshot;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.slf4j.LoggerFactory;

/**
 * One Redis connection with text keys and binary values, to a {@link RedisAddress} ({@code redis://},
 * {@code rediss://} for TLS, with a password or an ACL user). While Redis is unreachable, commands fail at
 * once instead of queueing (Lettuce's default would buffer whole snapshots in memory).
 */
public final class RedisEndpoint implements AutoCloseable {

    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisAddress address;
    private final RedisClient client;
    /** null after {@link #discardConnection()}: the next command opens another */
    private StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> sync;

    private RedisEndpoint(RedisAddress address, RedisClient client, StatefulRedisConnection<String, byte[]> connection) {
        this.address = address;
        this.client = client;
        this.connection = connection;
        this.sync = discardingOnTimeout();
    }

    /** Connects to {@code uri} (a password in it included), e.g. {@code redis://127.0.0.1:6379}. */
    public static RedisEndpoint connect(String uri) {
        return connect(RedisAddress.of(uri));
    }

    /** Connects now; throws {@link RedisConnectionException} naming the address (never its password) and why. */
    public static RedisEndpoint connect(RedisAddress address) {
        return connect(address, true);
    }

    /** A connection that fails for good when Redis goes away, for a caller that reconnects on its own schedule. */
    public static RedisEndpoint connectWithoutReconnect(RedisAddress address) {
        return connect(address, false);
    }

    private static RedisEndpoint connect(RedisAddress address, boolean autoReconnect) {
        return connect(address, autoReconnect, COMMAND_TIMEOUT);
    }

    /** With {@code timeout} for each command (tests: short). */
    static RedisEndpoint connect(RedisAddress address, boolean autoReconnect, Duration timeout) {
        RedisURI redisUri = address.redisUri();
        redisUri.setTimeout(timeout);
        RedisClient client = RedisClient.create(redisUri);
        client.setOptions(address.clientOptions()
                .autoReconnect(autoReconnect)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            return new RedisEndpoint(address, client, client.connect(CODEC));
        } catch (RedisException e) {
            client.shutdown();
            throw cannotConnect(address, e);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /**
     * Lettuce's own message names the socket address only ("Unable to connect to host/ip:port"); the reason
     * (refused, WRONGPASS, NOAUTH, an untrusted certificate) is at the bottom of the causes. One line with both, the
     * address redacted.
     */
    static RedisConnectionException cannotConnect(RedisAddress address, Throwable e) {
        Throwable root = e;
        boolean tls = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            tls |= t instanceof SSLException;
            root = t;
        }
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String hint = tls && address.caSource() == null ? " (a server certificate of a private CA needs --redis-ca-file or $REDIS_CA_FILE)"
                : reason.startsWith("NOAUTH") ? " (give the password with --redis-password-file or $REDIS_PASSWORD)" : "";
        return new RedisConnectionException("cannot connect to Redis at " + address + ": " + RedisAddress.redact(reason) + hint, e);
    }

    /** The address connected to (its toString never shows the password). */
    public RedisAddress address() {
        return address;
    }

    /** Synchronous commands; a command that times out takes the connection with it ({@link #discardConnection()}). */
    public RedisCommands<String, byte[]> sync() {
        return sync;
    }

    public synchronized StatefulRedisConnection<String, byte[]> connection() {
        if (connection == null) {
            try {
                connection = client.connect(CODEC);
            } catch (RedisException e) {
                throw cannotConnect(address, e);
            }
        }
        return connection;
    }

    /**
     * Closes the connection, and the next command opens another. For a connection that saw a command time out or a reply
     * that makes no sense: Lettuce may have lost track of which reply is whose (a drill's reader got another key's value
     * for every {@code GET} after a busy moment, for good), and a new connection starts in step.
     */
    public synchronized void discardConnection() {
        if (connection != null) {
            connection.closeAsync();
            connection = null;
        }
    }

    @SuppressWarnings("unchecked")
    private RedisCommands<String, byte[]> discardingOnTimeout() {
        return (RedisCommands<String, byte[]>) Proxy.newProxyInstance(RedisCommands.class.getClassLoader(), new Class<?>[] {RedisCommands.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(connection().sync(), args);
                    } catch (InvocationTargetException e) {
                        if (e.getCause() instanceof RedisCommandTimeoutException) {
                            discardConnection();
                        }
                        throw e.getCause();
                    }
                });
    }

    /** A separate connection for SUBSCRIBE (a subscribed connection cannot run other commands). */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        try {
            return client.connectPubSub(StringCodec.UTF8);
        } catch (RedisException e) {
            throw cannotConnect(address, e);
        }
    }

    /** Deletes every key under {@code prefix} (its keys are {@code prefix:...}), paging with SCAN so as never to block Redis; returns how many. */
    public long deleteKeysUnder(String prefix) {
        ScanCursor cursor = ScanCursor.INITIAL;
        List<RedisFuture<Long>> deletes = new ArrayList<>();
        do {
            KeyScanCursor<String> page = sync().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(1000));
            if (!page.getKeys().isEmpty()) {
                deletes.add(connection().async().unlink(page.getKeys().toArray(String[]::new)));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return deletes.stream().mapToLong(d -> d.toCompletableFuture().join()).sum();
    }

    /** Closes a connection that may already be broken (after a failed command): its failure to close is no news. */
    void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RedisEndpoint.class).debug("closing a failed Redis connection", e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (connection != null) {
                connection.close();
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /**
     * Waits for every command of {@code futures}, at most {@code timeout}; throws {@link RedisCommandTimeoutException}
     * saying {@code what} when they are not all done by then (and drops the connection, see {@link #discardConnection()}),
     * and a failed command's exception. Unlike Lettuce's {@code awaitAll} it cancels no command.
     */
    public void awaitAll(Duration timeout, List<? extends RedisFuture<?>> futures, String what) {
        try {
            CompletableFuture.allOf(futures.stream().map(RedisFuture::toCompletableFuture).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            discardConnection();
            throw new RedisCommandTimeoutException(what + " took over " + timeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException failed ? failed : new RedisException(what + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
    }
}
