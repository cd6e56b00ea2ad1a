package dev.autoloss.jobs.train;

import dev.autoloss.jobs.snapshot.SnapshotPayload;
import dev.autoloss.jobs.snapshot.SnapshotPublisher;
import dev.autoloss.model.train.Trainer;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns checkpoints into published model versions, without Flink: at a checkpoint it decides (through the
 * {@link VersionPlan}) whether the trainer's state becomes a version and takes it; when that checkpoint has
 * completed it hands the version to the {@link SnapshotPublisher}; an aborted checkpoint's version is dropped.
 * Only state in a completed checkpoint is published, so a restore can never take the model back behind a
 * published version. Also measures freshness (append to Kafka until a published version holds the event).
 */
final class VersionPublication {

    private static final Logger LOG = LoggerFactory.getLogger(VersionPublication.class);
    /** How long a starting trainer waits for the store's latest version, to number its base version above it. */
    private static final Duration BASE_PATIENCE = Duration.ofSeconds(2);
    /** How long a job that ends waits for its last version and status to be written. */
    private static final Duration PUBLISH_FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final VersionPlan plan;
    private final SnapshotPublisher publisher;
    private final Freshness freshness = new Freshness();
    /** versions the publisher's thread reports published, with their publish time, for the freshness on this thread */
    private final ConcurrentLinkedQueue<long[]> publishedVersions = new ConcurrentLinkedQueue<>();
    private final NavigableMap<Long, SnapshotPayload> awaitingCheckpoint = new TreeMap<>();
    private long version;
    private long versionStep;

    /**
     * @param jobId       the train job's id, which holds the prefix's publisher lease
     * @param version     the last version number given out before (0 for none), restored with the trainer
     * @param versionStep the trainer step that version holds
     */
    VersionPublication(TrainOptions options, String jobId, long version, long versionStep) {
        this.plan = new VersionPlan(options.publishEvery, options.publishEverySteps, options.publishInterval.toMillis(), options.fullEvery);
        this.publisher = new SnapshotPublisher(options.redis.address(), options.storeSettings(), jobId,
                (published, millis) -> publishedVersions.add(new long[] {published, millis}));
        this.version = version;
        this.versionStep = versionStep;
    }

    /**
     * Hands the publisher the state this run starts from (restored from a completed checkpoint, or the initial model)
     * as a base version, kept but not served, so that the versions after it are deltas: small, and written in a moment,
     * rather than a full version of the whole state written while events wait.
     *
     * @param meta what the base version says about itself
     */
    void publishBase(Trainer trainer, Map<String, String> meta) throws InterruptedException {
        if (!publisher.awaitStoreRead(BASE_PATIENCE)) {
            LOG.info("Redis does not answer yet, so the number of a base version is unknown: the first version will be full");
            return;
        }
        publisher.offer(plan.base(nextVersion(), trainer.step(), trainer.saveState(), meta));
    }

    /** A training event appended to Kafka at {@code appendTime} was trained on (for the freshness). */
    void trained(long appendTime) {
        freshness.trained(appendTime);
    }

    /**
     * At checkpoint {@code checkpointId}: makes a version of the trainer's state if one is due, or if Redis lost the
     * model (or the version made before a restart never got there), so that the state goes out again now.
     *
     * @param meta what the version says about itself, asked for only when a version is made
     */
    void checkpoint(long checkpointId, Trainer trainer, Supplier<Map<String, String>> meta) {
        boolean versionUnderWay = !awaitingCheckpoint.isEmpty() || publisher.snapshotUnderWay();
        boolean republish = !versionUnderWay && trainer.step() > 0 && publisher.storeBehind(versionStep);
        if (republish || plan.due(trainer.step(), versionStep, System.currentTimeMillis(), publisher.deltaBase(), versionUnderWay)) {
            versionStep = trainer.step();
            awaitingCheckpoint.put(checkpointId, plan.payload(nextVersion(), versionStep, publisher.deltaBase(),
                    trainer::saveState, trainer::saveDelta, meta.get()));
            freshness.seal(version);
        }
    }

    /** Gives out the next version number: above every number given out before and above the store's latest. */
    private long nextVersion() {
        version = Math.max(version, publisher.storeLatest()) + 1;
        return version;
    }

    /** Checkpoint {@code checkpointId} completed: the versions taken at it, and at any before it, go to the publisher. */
    void completed(long checkpointId) {
        NavigableMap<Long, SnapshotPayload> done = awaitingCheckpoint.headMap(checkpointId, true);
        done.values().forEach(publisher::offer); // in order: the publisher keeps only the newest, and the full version it needs
        done.clear();
        drainPublished();
    }

    void aborted(long checkpointId) {
        awaitingCheckpoint.remove(checkpointId);
    }

    /** Takes in the versions published since the last call (for the freshness figures). */
    void drainPublished() {
        for (long[] published = publishedVersions.poll(); published != null; published = publishedVersions.poll()) {
            freshness.published(published[0], published[1]);
        }
    }

    void offerStatus(String json) {
        publisher.offerStatus(json);
    }

    /** The last version number given out. */
    long version() {
        return version;
    }

    /** The trainer step of the last version given out. */
    long versionStep() {
        return versionStep;
    }

    SnapshotPublisher publisher() {
        return publisher;
    }

    /** The {@code q}-quantile of recent freshness in ms, -1 before the first measurement. */
    long freshnessMillis(double q) {
        return freshness.quantileMillis(q);
    }

    /** Waits up to {@code timeout} until everything offered is published, and takes the published versions in. */
    void awaitPublished(Duration timeout) throws InterruptedException {
        publisher.awaitIdle(timeout);
        drainPublished();
    }

    /** Stops the publisher after at most {@code flushTimeout} spent publishing what is still pending. */
    void close(Duration flushTimeout) {
        publisher.close(flushTimeout);
    }

    /**
     * When the operator closes: after a graceful end ({@code finished}: the final checkpoint's version has been handed
     * over) waits for the last version, offers {@code finalStatus} and stops once both are written; after a failure
     * stops at once, so that recovery never waits for Redis.
     */
    void close(boolean finished, Supplier<TrainingStatus> finalStatus) throws InterruptedException {
        if (finished) {
            awaitPublished(PUBLISH_FLUSH_TIMEOUT);
            offerStatus(finalStatus.get().toJson());
        }
        close(finished ? PUBLISH_FLUSH_TIMEOUT : Duration.ZERO);
    }
}
