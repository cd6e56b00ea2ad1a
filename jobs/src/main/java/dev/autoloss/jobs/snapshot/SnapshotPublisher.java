package dev.autoloss.jobs.snapshot;

import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes snapshots and status records from a background thread, so that training never waits for
 * Redis. Only the newest offered snapshot matters: one still waiting is replaced by a newer one, except
 * a full version that the newer one is a delta on, which is written first. So the trainer can base deltas
 * on a full version while it is still being written (a full version of a large table takes seconds; the
 * versions after it need not wait for it). When Redis fails, the thread reconnects and retries with
 * exponential backoff; the next success publishes the newest state. It writes only while its job holds the
 * prefix's {@link PublisherLease}. Reports, for the trainer, what the store holds: the latest version (so the version counter never falls behind it after a restart) and the
 * full version a delta may name as its base.
 */
public final class SnapshotPublisher implements AutoCloseable {

    public static final Duration FIRST_RETRY = Duration.ofMillis(100);
    public static final Duration MAX_RETRY = Duration.ofSeconds(5);
    /** How often an idle publisher looks whether Redis still holds the model (a Redis restarted empty holds none). */
    static final Duration STORE_CHECK = Duration.ofSeconds(1);
    /** How often a publisher without the lease looks again. */
    private static final Duration LEASE_WAIT = Duration.ofMillis(100);
    /** {@link #storeStep} before the store was first read: never behind. */
    private static final long UNKNOWN = Long.MAX_VALUE;
    /** {@link #storeStep} when the store holds no complete version. */
    private static final long NONE = -1;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

    /** Hears of each version published, on the publisher's thread. */
    @FunctionalInterface
    public interface Listener {
        void published(long version, long publishMillis);
    }

    private final RedisAddress redisAddress;
    private final StoreSettings settings;
    private final Listener listener;
    private final String owner;
    private final PublisherLease lease;
    private final Object lock = new Object();
    private final Thread thread;
    /** counted down once the thread has first read the store's latest version */
    private final CountDownLatch storeRead = new CountDownLatch(1);

    // guarded by lock
    /** a full version waiting to be written before {@link #pendingSnapshot}, a delta on it; or null */
    private SnapshotPayload pendingBase;
    private SnapshotPayload pendingSnapshot;
    private String pendingStatus;
    private boolean closing;
    private boolean busy;
    private boolean publishingSnapshot;

    private volatile long storeLatest;
    /** the trainer step of the store's latest complete version, as last read or published */
    private volatile long storeStep = UNKNOWN;
    private volatile long deltaBase;
    private volatile long lastPublishedVersion;
    private volatile long lastPublishMillis;
    private volatile long publishFailures;
    private volatile long refusals;
    private volatile String lastError;

    // publisher thread only
    private RedisEndpoint redis;
    private String lastLeaseHolder;
    private long lastCheckNanos = System.nanoTime() - STORE_CHECK.toNanos();

    /** A publisher for the train job {@code owner} (its id), which takes the prefix's lease. */
    public SnapshotPublisher(RedisAddress redisAddress, StoreSettings settings, String owner) {
        this(redisAddress, settings, owner, (version, millis) -> { });
    }

    public SnapshotPublisher(RedisAddress redisAddress, StoreSettings settings, String owner, Listener listener) {
        this.redisAddress = redisAddress;
        this.settings = settings;
        this.listener = listener;
        this.owner = owner;
        this.lease = new PublisherLease(redisAddress, settings.keys(), owner);
        this.thread = new Thread(this::run, "snapshot-publisher " + settings.prefix());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Publishes {@code payload} as soon as Redis allows, unless a newer one is offered first. A delta keeps the
     * full version it is based on pending ahead of it; a full version replaces whatever waits.
     */
    public void offer(SnapshotPayload payload) {
        synchronized (lock) {
            if (payload.kind() == SnapshotKind.FULL) {
                pendingBase = null;
                deltaBase = payload.version();
            } else if (pendingSnapshot != null && pendingSnapshot.kind() == SnapshotKind.FULL && pendingSnapshot.version() == payload.base()) {
                pendingBase = pendingSnapshot;
            }
            pendingSnapshot = payload;
            lock.notifyAll();
        }
    }

    /** Writes the status record as soon as Redis allows (a newer one replaces it). */
    public void offerStatus(String json) {
        synchronized (lock) {
            pendingStatus = json;
            lock.notifyAll();
        }
    }

    /** The latest version known to be in the store (0 before the first contact). */
    public long storeLatest() {
        return storeLatest;
    }

    /** Waits up to {@code timeout} for the first read of the store's latest version; whether it was read. */
    public boolean awaitStoreRead(Duration timeout) throws InterruptedException {
        return storeRead.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the store, when last read (about every second), served a model older than trainer step {@code step}, or
     * none: Redis lost the model, or a version made before a restart was never published. The trainer then publishes
     * its state again without waiting for new events.
     */
    public boolean storeBehind(long step) {
        return storeStep < step;
    }

    /**
     * The full version a delta offered now may name as its base (0 for none): the newest full version offered, while
     * it waits, is being written or is committed; none once the store refused a version or lost its model.
     */
    public long deltaBase() {
        return deltaBase;
    }

    public long lastPublishedVersion() {
        return lastPublishedVersion;
    }

    /** Epoch ms of the last successful publish, 0 before the first. */
    public long lastPublishMillis() {
        return lastPublishMillis;
    }

    public long publishFailures() {
        return publishFailures;
    }

    public long refusals() {
        return refusals;
    }

    /** Whether a snapshot offered is not yet published (or refused): it waits, is being written, or waits to be retried. */
    public boolean snapshotUnderWay() {
        synchronized (lock) {
            return pendingSnapshot != null || publishingSnapshot;
        }
    }

    /** Waits until everything offered so far is written (true) or the timeout passes (false). */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (pendingSnapshot != null || pendingStatus != null || busy) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Stops the thread after at most {@code flushTimeout} spent publishing what is still pending. */
    public void close(Duration flushTimeout) {
        try {
            if (!awaitIdle(flushTimeout)) {
                LOG.warn("closing the snapshot publisher with unpublished state (last error: {})", lastError);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            thread.join(RedisEndpoint.COMMAND_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lease.close();
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    private void run() {
        try {
            connected(); // learn the store's latest version before the first version number is given out
            storeRead.countDown();
        } catch (RedisException e) {
            LOG.warn("Redis at {} does not answer yet ({}); training goes on, publishing will retry", redisAddress, RedisAddress.redact(e.getMessage()));
        }
        Duration backoff = FIRST_RETRY;
        while (true) {
            SnapshotPayload snapshot;
            String status;
            synchronized (lock) {
                if (pendingSnapshot == null && pendingStatus == null && !closing) {
                    waitOn(STORE_CHECK);
                }
                if (closing) {
                    break;
                }
                snapshot = pendingBase != null ? pendingBase : pendingSnapshot;
                status = pendingStatus;
                busy = true;
                publishingSnapshot = snapshot != null;
            }
            try {
                String holder = PublisherLease.hold(connected(), settings.keys(), owner); // exact at publish time; renewed in between
                if (!holder.equals(owner)) {
                    waitForLease(holder);
                    continue;
                }
                RedisSnapshotStore store = new RedisSnapshotStore(connected(), settings);
                if (snapshot != null) {
                    record(snapshot, store.publish(snapshot));
                }
                if (status != null) {
                    store.writeStatus(status);
                }
                if (System.nanoTime() - lastCheckNanos >= STORE_CHECK.toNanos()) {
                    checkStore(store);
                }
                if (backoff != FIRST_RETRY) {
                    LOG.info("Redis at {} answers again; latest version {}", redisAddress, storeLatest);
                }
                backoff = FIRST_RETRY;
                synchronized (lock) {
                    pendingBase = pendingBase == snapshot ? null : pendingBase;
                    pendingSnapshot = pendingSnapshot == snapshot ? null : pendingSnapshot;
                    pendingStatus = pendingStatus == status ? null : pendingStatus;
                    busy = false;
                    publishingSnapshot = false;
                    lock.notifyAll();
                }
            } catch (RedisException e) {
                publishFailures++;
                lastError = RedisAddress.redact(e.getMessage());
                if (backoff == FIRST_RETRY) {
                    LOG.warn("cannot publish to Redis at {} ({}); training goes on, retrying with backoff", redisAddress, lastError);
                }
                disconnect();
                synchronized (lock) {
                    busy = false;
                    publishingSnapshot = false; // still pending, retried after the backoff
                    lock.notifyAll();
                    waitOn(backoff);
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
            }
        }
        disconnect();
    }

    /** Another job holds the lease: what is pending waits (said once per holder). */
    private void waitForLease(String holder) {
        if (!holder.equals(lastLeaseHolder)) {
            LOG.warn("train job {} publishes under Redis prefix {}: this job's versions wait until its lease is given up or expires", holder, settings.prefix());
        }
        lastLeaseHolder = holder;
        synchronized (lock) {
            busy = false;
            publishingSnapshot = false;
            lock.notifyAll();
            waitOn(LEASE_WAIT);
        }
    }

    /** Reads what the store serves; when its model is gone, the next version must be full (a delta's base is gone too). */
    private void checkStore(RedisSnapshotStore store) {
        lastCheckNanos = System.nanoTime();
        RedisSnapshotStore.Served served = store.served();
        storeLatest = served.version();
        if (served.step().isEmpty() && storeStep != NONE && storeStep != UNKNOWN) {
            LOG.warn("Redis store {} holds no complete model (latest version {}): the trainer publishes its state again", settings.prefix(), storeLatest);
            deltaBase = 0;
        }
        storeStep = served.step().orElse(NONE);
    }

    private void record(SnapshotPayload snapshot, PublishResult result) {
        storeLatest = result.latest();
        if (result.published() && !snapshot.serve()) {
            LOG.info("Redis store {} keeps base version {} (step {}) for the deltas after it", settings.prefix(), snapshot.version(),
                    snapshot.meta().get(SnapshotManifest.STEP));
        } else if (result.published()) {
            storeStep = Long.parseLong(snapshot.meta().getOrDefault(SnapshotManifest.STEP, "0"));
            lastPublishedVersion = snapshot.version();
            lastPublishMillis = System.currentTimeMillis();
            listener.published(snapshot.version(), lastPublishMillis);
        } else {
            refusals++;
            deltaBase = 0; // a refused full version is no base, and a refused delta's base may be gone: the next one is full
            LOG.warn("Redis store {} refused a snapshot: {}", settings.prefix(), result.refusal());
        }
    }

    private RedisEndpoint connected() {
        if (redis == null) {
            redis = RedisEndpoint.connectWithoutReconnect(redisAddress);
            storeLatest = Math.max(storeLatest, new RedisSnapshotStore(redis, settings).latestVersion());
        }
        return redis;
    }

    private void disconnect() {
        if (redis != null) {
            redis.closeQuietly();
            redis = null;
        }
    }

    private void waitOn(Duration timeout) {
        try {
            lock.wait(timeout.toMillis());
        } catch (InterruptedException e) {
            closing = true;
            Thread.currentThread().interrupt();
        }
    }
}
