package dev.autoloss.jobs.snapshot;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One train job publishes under a Redis prefix at a time. Its snapshot publisher holds a lease
 * ({@code PREFIX:publisher}: the job's id, expiring {@link #TTL} after its last renewal, renewed every second);
 * another job's publisher does not publish while it is held, and a train job about to start under the prefix
 * waits for a lease left by a job that died (it expires within the TTL) but refuses to start beside a live one,
 * whose checkpoints it would otherwise take over.
 */
public final class PublisherLease implements AutoCloseable {

    public static final Duration TTL = Duration.ofSeconds(5);
    static final Duration RENEW_EVERY = Duration.ofSeconds(1);

    /** KEYS = lease; ARGV = owner, ttl ms. Takes or renews the lease unless another owner holds it; returns the holder. */
    private static final String HOLD = """
            local holder = redis.call('GET', KEYS[1])
            if holder and holder ~= ARGV[1] then
              return holder
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return ARGV[1]
            """;
    /** KEYS = lease; ARGV = owner. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final RedisAddress address;
    private final SnapshotKeys keys;
    private final String owner;
    private final ScheduledExecutorService renewer;
    /** the renewer's own connection, so that a long publish never delays a renewal */
    private RedisEndpoint redis;

    /** Renews {@code owner}'s lease every second, on a thread of its own, until closed (the publisher takes it before each write). */
    PublisherLease(RedisAddress address, SnapshotKeys keys, String owner) {
        this.address = address;
        this.keys = keys;
        this.owner = owner;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "publisher-lease " + keys.prefix());
            thread.setDaemon(true);
            return thread;
        });
        renewer.scheduleWithFixedDelay(this::renew, 0, RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            if (redis == null) {
                redis = RedisEndpoint.connectWithoutReconnect(address);
            }
            hold(redis, keys, owner);
        } catch (RedisException e) {
            disconnect(); // the publisher learns of the outage itself
        }
    }

    /** Stops renewing and gives the lease up, so that the next job under the prefix need not wait for it to expire. */
    @Override
    public void close() {
        renewer.shutdown();
        try {
            renewer.awaitTermination(RedisEndpoint.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (redis != null) {
                release(redis, keys, owner);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RedisException e) {
            // it expires within the TTL
        } finally {
            disconnect();
        }
    }

    private void disconnect() {
        if (redis != null) {
            redis.closeQuietly();
            redis = null;
        }
    }

    /** Takes or renews the lease for {@code owner}; returns whoever holds it now ({@code owner} when this call does). */
    static String hold(RedisEndpoint redis, SnapshotKeys keys, String owner) {
        byte[] holder = redis.sync().eval(HOLD, ScriptOutputType.VALUE, new String[] {keys.publisherLease()},
                bytes(owner), bytes(Long.toString(TTL.toMillis())));
        return new String(holder, StandardCharsets.UTF_8);
    }

    /** Gives the lease up, if {@code owner} holds it. */
    static void release(RedisEndpoint redis, SnapshotKeys keys, String owner) {
        redis.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {keys.publisherLease()}, bytes(owner));
    }

    /** Who holds the lease, if anyone. */
    public static Optional<String> holder(RedisEndpoint redis, SnapshotKeys keys) {
        return Optional.ofNullable(redis.sync().get(keys.publisherLease())).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * Returns once no job holds the lease, waiting up to a TTL and a second for one left by a job that died; throws,
     * naming the holder, when it is still held then (its job lives and renews it).
     */
    public static void awaitFree(RedisEndpoint redis, SnapshotKeys keys) throws InterruptedException {
        long deadline = System.nanoTime() + TTL.plus(RENEW_EVERY).toNanos();
        Optional<String> holder = holder(redis, keys);
        while (holder.isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            holder = holder(redis, keys);
        }
        if (holder.isPresent()) {
            throw new IllegalStateException("train job " + holder.get() + " is publishing under Redis prefix '" + keys.prefix()
                    + "' (it renewed its lease within the last " + TTL.toSeconds() + " s): stop it first (flink cancel " + holder.get()
                    + ", or its train process; after a JobManager restart, wait until its TaskManagers have dropped its tasks),"
                    + " or choose another --redis-prefix");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
