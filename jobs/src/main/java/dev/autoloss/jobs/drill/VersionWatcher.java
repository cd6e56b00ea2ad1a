package dev.autoloss.jobs.drill;

import dev.autoloss.jobs.snapshot.AssembledSnapshot;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.SnapshotKeys;
import dev.autoloss.jobs.snapshot.SnapshotReader;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches a model store while a job runs: hears every announcement and keeps reading the latest version
 * in full (chunks and checksums), recording the versions seen and any read that failed. Redis may go away
 * meanwhile (a drill restarts it): reads resume when it answers again.
 */
public final class VersionWatcher implements AutoCloseable {

    private final List<Long> announced = new CopyOnWriteArrayList<>();
    private final List<Long> read = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final RedisEndpoint redis;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final Thread reader;
    private volatile boolean running = true;

    public VersionWatcher(RedisAddress uri, SnapshotKeys keys) {
        redis = RedisEndpoint.connect(uri);
        pubSub = redis.connectPubSub();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                announced.add(Long.parseLong(message));
            }
        });
        pubSub.sync().subscribe(keys.publishedChannel());
        SnapshotReader snapshots = new SnapshotReader(redis, keys);
        reader = new Thread(() -> {
            while (running) {
                try {
                    Optional<AssembledSnapshot> latest = snapshots.readLatest();
                    latest.ifPresent(s -> {
                        if (read.isEmpty() || read.get(read.size() - 1) != s.version()) {
                            read.add(s.version());
                        }
                    });
                    Thread.sleep(20);
                } catch (RedisException unreachable) {
                    sleepQuietly(); // an outage test stops Redis on purpose
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        }, "version watcher");
        reader.start();
    }

    public List<Long> announced() {
        return new ArrayList<>(announced);
    }

    /** The distinct latest versions read in full, in the order seen. */
    public List<Long> read() {
        return new ArrayList<>(read);
    }

    /** Reads of the latest version that failed verification or found it incomplete. */
    public List<String> failures() {
        return new ArrayList<>(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join();
        pubSub.close();
        redis.close();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
