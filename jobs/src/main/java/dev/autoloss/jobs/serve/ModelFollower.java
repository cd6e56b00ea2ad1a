package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.AssembledSnapshot;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.SnapshotKeys;
import dev.autoloss.jobs.snapshot.SnapshotReader;
import dev.autoloss.model.features.Example;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest published model version loaded. A background thread reads a new version as soon as
 * the store announces it (pub/sub), or finds it by polling when an announcement was missed (Redis
 * restarted, connection lost); it assembles and verifies the version with {@link SnapshotReader}, builds
 * its predictor beside the current one and swaps it in with one reference write. Scoring never waits
 * for a load, and each call is scored wholly by one version (see {@link ModelVersion}).
 *
 * <p>Thread-safety: {@link #score} may be called from any number of threads at once. A version that
 * fails verification or loading is logged and skipped; the current one keeps serving.
 */
public final class ModelFollower implements AutoCloseable {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);

    private final RedisAddress address;
    private final SnapshotKeys keys;
    private final PredictorLoader loader;
    private final Duration pollInterval;
    private final boolean listen;
    private final AtomicReference<ModelVersion> current = new AtomicReference<>();
    private final Object monitor = new Object();
    private final Thread thread;

    // guarded by monitor
    private boolean announced;
    private boolean closing;

    private volatile long loads;
    private volatile long loadFailures;
    private volatile long lastLoadNanos;

    // follower thread only
    private RedisEndpoint redis;
    private StatefulRedisPubSubConnection<String, String> announcements;
    private long skippedVersion;
    private boolean unreachable;

    private ModelFollower(RedisAddress address, SnapshotKeys keys, PredictorLoader loader, Duration pollInterval, boolean listen) {
        if (pollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("model poll interval must be at least 1 ms, got " + pollInterval);
        }
        this.address = address;
        this.keys = keys;
        this.loader = loader;
        this.pollInterval = pollInterval;
        this.listen = listen;
        this.thread = new Thread(this::run, "model-follower " + keys.prefix());
        thread.setDaemon(true);
    }

    /** Starts following the versions under {@code keys}; the first one loads in the background (see {@link #awaitVersion}). */
    public static ModelFollower start(RedisAddress redis, SnapshotKeys keys, PredictorLoader loader, Duration pollInterval) {
        return start(redis, keys, loader, pollInterval, true);
    }

    /** With {@code listen} false the follower only polls (tests of the fallback). */
    static ModelFollower start(RedisAddress redis, SnapshotKeys keys, PredictorLoader loader, Duration pollInterval, boolean listen) {
        ModelFollower follower = new ModelFollower(redis, keys, loader, pollInterval, listen);
        follower.thread.start();
        return follower;
    }

    /**
     * Scores a batch with the current version, all of it with the same weights.
     *
     * @throws NoModelException when no version is loaded yet
     */
    public Scores score(List<Example> batch) {
        ModelVersion version = acquire();
        try {
            return version.score(batch);
        } finally {
            version.release();
        }
    }

    /** The version now serving, 0 before the first load. */
    public long version() {
        ModelVersion now = current.get();
        return now == null ? 0 : now.version();
    }

    /** Waits until a version at least {@code atLeast} serves; false when the timeout passes first. */
    public boolean awaitVersion(long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (version() < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closing) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
            return true;
        }
    }

    /** Versions loaded and swapped in so far. */
    public long loads() {
        return loads;
    }

    /** Versions that failed verification or loading and were skipped. */
    public long loadFailures() {
        return loadFailures;
    }

    /** How long reading, verifying and building the last version took. */
    public Duration lastLoadTime() {
        return Duration.ofNanos(lastLoadNanos);
    }

    /** Stops following; the last version is closed once the requests still using it are done. */
    @Override
    public void close() {
        synchronized (monitor) {
            closing = true;
            monitor.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ModelVersion last = current.getAndSet(null);
        if (last != null) {
            last.release();
        }
    }

    private ModelVersion acquire() {
        while (true) {
            ModelVersion version = current.get();
            if (version == null) {
                throw new NoModelException("no model version is loaded from " + keys.latest() + " yet");
            }
            if (version.retain()) {
                return version;
            }
            // it was replaced and closed between the read and the hold: the current one is newer
        }
    }

    private void run() {
        while (true) {
            synchronized (monitor) {
                if (closing) {
                    break;
                }
                announced = false;
            }
            try {
                connect();
                refresh();
                if (unreachable) {
                    LOG.info("Redis at {} answers again; serving version {}", address, version());
                    unreachable = false;
                }
            } catch (RedisException e) {
                if (!unreachable) {
                    LOG.warn("cannot read models from Redis at {} ({}); serving version {}, retrying every {} ms",
                            address, RedisAddress.redact(e.getMessage()), version(), pollInterval.toMillis());
                    unreachable = true;
                }
            }
            synchronized (monitor) {
                if (!announced && !closing) {
                    waitOn(pollInterval);
                }
            }
        }
        disconnect();
    }

    private void refresh() {
        SnapshotReader reader = new SnapshotReader(redis, keys);
        long latest = reader.latestVersion();
        if (latest <= version() || latest == skippedVersion) {
            return;
        }
        long started = System.nanoTime();
        AssembledSnapshot snapshot;
        Predictor predictor;
        try {
            Optional<AssembledSnapshot> read = reader.readLatest();
            if (read.isEmpty() || read.get().version() <= version()) {
                return;
            }
            snapshot = read.get();
            predictor = loader.load(snapshot);
        } catch (RedisException e) {
            throw e; // Redis itself failed: retried at the next poll
        } catch (RuntimeException e) {
            skip(latest, e); // the version is inconsistent or kept expiring, or the loader refused the snapshot
            return;
        }
        lastLoadNanos = System.nanoTime() - started;
        ModelVersion replaced = current.getAndSet(new ModelVersion(snapshot.version(), snapshot.manifest().createdAtMillis(), predictor));
        loads++;
        if (replaced != null) {
            replaced.release();
        }
        synchronized (monitor) {
            monitor.notifyAll();
        }
        LOG.info("serving model version {} (was {}), loaded in {} ms", snapshot.version(),
                replaced == null ? "none" : replaced.version(), lastLoadNanos / 1_000_000);
    }

    private void skip(long version, RuntimeException e) {
        loadFailures++;
        skippedVersion = version;
        LOG.error("cannot load model version {} from {} ({}); {}", version, keys.prefix(), e.getMessage(),
                version() == 0 ? "no version serves yet" : "version " + version() + " keeps serving");
    }

    private void connect() {
        if (redis == null) {
            redis = RedisEndpoint.connect(address);
        }
        if (listen && announcements == null) {
            announcements = redis.connectPubSub();
            announcements.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    synchronized (monitor) {
                        announced = true;
                        monitor.notifyAll();
                    }
                }
            });
            announcements.sync().subscribe(keys.publishedChannel());
        }
    }

    private void disconnect() {
        try {
            if (announcements != null) {
                announcements.close();
            }
            if (redis != null) {
                redis.close();
            }
        } catch (RedisException e) {
            LOG.debug("closing the follower's Redis connections", e);
        }
    }

    private void waitOn(Duration timeout) {
        try {
            monitor.wait(timeout.toMillis());
        } catch (InterruptedException e) {
            closing = true;
            Thread.currentThread().interrupt();
        }
    }
}
