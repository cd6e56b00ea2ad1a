package dev.autoloss.jobs.train;

import dev.autoloss.jobs.snapshot.SnapshotPublisher;
import dev.autoloss.model.train.Trainer;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.MetricGroup;

/**
 * The trainer's status record and metrics: made from the training loop, the trainer and the version publication
 * on the training thread; metric gauges read the last record, so the metric reporter's thread never touches the
 * trainer.
 */
final class TrainerStatusReporter implements AutoCloseable {

    private final Trainer trainer;
    private final TrainingLoop loop;
    /** null for one of several trainers, which publish through the merged model */
    private final VersionPublication versions;
    /** null for the only trainer */
    private final ReplicaExchange exchange;
    private final int replica;
    private final KafkaLag lag;
    private final long restoredAtStep;
    private long lastStatusMillis = System.currentTimeMillis();
    private long eventsAtLastStatus;
    private volatile TrainingStatus last;

    /**
     * @param lag            the topic's lag, which this reporter refreshes and closes
     * @param restoredAtStep the step this run restored the trainer at, -1 when it started afresh
     */
    TrainerStatusReporter(Trainer trainer, TrainingLoop loop, VersionPublication versions, KafkaLag lag, long restoredAtStep) {
        this(trainer, loop, versions, null, -1, lag, restoredAtStep);
    }

    /** The status of trainer {@code replica} of several, which publishes nothing itself and exchanges deltas through {@code exchange}. */
    TrainerStatusReporter(Trainer trainer, TrainingLoop loop, ReplicaExchange exchange, int replica, KafkaLag lag, long restoredAtStep) {
        this(trainer, loop, null, exchange, replica, lag, restoredAtStep);
    }

    private TrainerStatusReporter(Trainer trainer, TrainingLoop loop, VersionPublication versions, ReplicaExchange exchange, int replica,
                                  KafkaLag lag, long restoredAtStep) {
        this.trainer = trainer;
        this.loop = loop;
        this.versions = versions;
        this.exchange = exchange;
        this.replica = replica;
        this.lag = lag;
        this.restoredAtStep = restoredAtStep;
        this.eventsAtLastStatus = loop.eventsTrained();
    }

    /** The status now (the event rate since the previous one); asks for a fresh Kafka lag for the next. */
    TrainingStatus status() {
        long now = System.currentTimeMillis();
        double rate = (loop.eventsTrained() - eventsAtLastStatus) * 1000.0 / Math.max(1, now - lastStatusMillis);
        lastStatusMillis = now;
        eventsAtLastStatus = loop.eventsTrained();
        long kafkaLag = lag.lag(loop.nextOffsets());
        lag.refresh(); // in the background, for the next status
        TrainingStatus.Figures prequential = TrainingStatus.Figures.of(loop.prequential());
        TrainingStatus.Figures validation = TrainingStatus.Figures.of(loop.validation());
        List<TrainingStatus.TrainerFigures> trainers = List.of();
        long version = 0;
        long publishedMillis = 0;
        long publishFailures = 0;
        if (versions != null) {
            versions.drainPublished();
            SnapshotPublisher publisher = versions.publisher();
            version = publisher.lastPublishedVersion();
            publishedMillis = publisher.lastPublishMillis();
            publishFailures = publisher.publishFailures();
        }
        if (exchange != null) {
            ReplicaStaleness.Figures stale = exchange.staleness();
            trainers = List.of(new TrainingStatus.TrainerFigures(replica, loop.eventsTrained(), rate, prequential, validation,
                    stale.millisP50(), stale.millisMax(), stale.stepsP50(), stale.stepsMax(), stale.deltasAdded()));
        }
        last = new TrainingStatus(now, version, publishedMillis, trainer.step(), restoredAtStep, trainer.controllerSteps(), loop.eventsTrained(),
                loop.validationEvents(), loop.rejected(), trainer.skippedBatches(), rate, loop.firstTrainedMillis(), loop.lastTrainedMillis(),
                prequential, validation, trainer.lossWeights(), trainer.temperature(), kafkaLag, publishFailures,
                versions == null ? -1 : versions.freshnessMillis(0.5), versions == null ? -1 : versions.freshnessMillis(0.99),
                loop.trainedIdDigest(), trainers);
        return last;
    }

    /** Registers the gauges, which read the last status record. */
    void registerMetrics(MetricGroup metrics) {
        StatusGauges.register(metrics, () -> last, trainer.candidateNames());
        if (exchange != null) {
            StatusGauges.registerStaleness(metrics, () -> last);
        }
    }

    @Override
    public void close() {
        lag.close();
    }
}
