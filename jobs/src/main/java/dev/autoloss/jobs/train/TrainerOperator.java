package dev.autoloss.jobs.train;

import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.jobs.snapshot.SnapshotPayload;
import dev.autoloss.jobs.snapshot.SnapshotPublisher;
import dev.autoloss.model.eval.SlidingWindowQuality;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.train.Trainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.SnapshotType;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single trainer instance: forms count-based mini-batches of training events, keeps the newest
 * validation events, evaluates each batch before training on it (prequential), takes a DRS step per
 * batch and a controller step when due, and publishes the model to Redis once the checkpoint holding
 * that state has completed.
 *
 * <p>Exactly once: the model and optimizer state (a chain of files, {@link TrainerStateChain}: a full snapshot
 * and the increments after it, so that a checkpoint writes only what changed), the partial batch, the
 * validation buffer and the counters (with the snapshot version counter) are operator state, taken at
 * the checkpoint barrier together with the Kafka offsets; a savepoint holds the whole trainer state itself.
 * After a failure the job restarts from the last completed checkpoint, so an event is trained on once,
 * whatever happened after that checkpoint.
 * Input 1: parsed events (training and validation); input 2: rejected events, counted.
 */
final class TrainerOperator extends AbstractStreamOperator<Void>
        implements TwoInputStreamOperator<ParsedEvent, RejectedEvent, Void>, BoundedMultiInput {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerOperator.class);
    private static final Duration PUBLISH_FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final TrainOptions options;

    // checkpointed
    private transient ListState<StateFile> trainerFiles;
    private transient ListState<byte[]> trainerState;
    private transient ListState<ParsedEvent> batchState;
    private transient ListState<Example> validationState;
    private transient ListState<TrainingCounters> countersState;
    private transient ListState<Example> probeState;
    private transient ListState<ParsedEvent> validationToTrainState;

    private transient Trainer trainer;
    private transient TrainerStateChain stateChain;
    /** the checkpoint being taken must hold the trainer's state itself (a savepoint), not refer to files */
    private transient boolean selfContained;
    /** the trainer's files that the checkpoint being taken refers to, the last one being written; or null */
    private transient TrainerStateChain.Checkpoint trainerCheckpoint;
    private transient List<ParsedEvent> batch;
    private transient ValidationBuffer validation;
    private transient List<Example> unscoredValidation;
    private transient List<Example> probe;
    private transient List<ParsedEvent> validationToTrain;
    private transient boolean controllerUsesValidation;
    private transient long eventsTrained;
    private transient long validationEvents;
    private transient long rejected;
    private transient long trainedIdDigest;
    private transient long version;
    private transient long versionStep;
    private transient long[] nextOffsets;
    private transient long[] receivedOffsets;

    // not checkpointed: measurements and the publishing machinery
    private transient SlidingWindowQuality prequential;
    private transient SlidingWindowQuality validationQuality;
    private transient Freshness freshness;
    private transient SnapshotPublisher publisher;
    private transient ConcurrentLinkedQueue<long[]> publishedVersions;
    private transient NavigableMap<Long, SnapshotPayload> awaitingCheckpoint;
    private transient VersionPlan versionPlan;
    private transient KafkaLag lag;
    private transient long lastStatusMillis;
    private transient long firstTrainedMillis;
    private transient long lastTrainedMillis;
    private transient long eventsAtLastStatus;
    private transient volatile TrainingStatus lastStatus;
    private transient boolean finished;
    private transient long restoredAtStep;

    /** the published version the trainer starts from when there is no checkpoint to restore ({@code --resume-from-redis}), or null */
    private final PublishedStart publishedStart;

    TrainerOperator(TrainOptions options, PublishedStart publishedStart) {
        this.options = options;
        this.publishedStart = publishedStart;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        var store = context.getOperatorStateStore();
        trainerFiles = store.getListState(new ListStateDescriptor<>("trainer-files", TypeInformation.of(StateFile.class)));
        trainerState = store.getListState(new ListStateDescriptor<>("trainer", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        batchState = store.getListState(new ListStateDescriptor<>("partial-batch", TypeInformation.of(ParsedEvent.class)));
        validationState = store.getListState(new ListStateDescriptor<>("validation-buffer", TypeInformation.of(Example.class)));
        countersState = store.getListState(new ListStateDescriptor<>("counters", TypeInformation.of(TrainingCounters.class)));
        probeState = store.getListState(new ListStateDescriptor<>("probe", TypeInformation.of(Example.class)));
        validationToTrainState = store.getListState(new ListStateDescriptor<>("validation-to-train", TypeInformation.of(ParsedEvent.class)));

        long started = System.nanoTime();
        trainer = TrainerFactory.create(options);
        stateChain = new TrainerStateChain(new Path(TrainJob.lineage(options).folder(), getRuntimeContext().getJobInfo().getJobId() + "/autoloss-trainer"));
        batch = new ArrayList<>(options.batchSize);
        validation = new ValidationBuffer(options.validationBuffer);
        unscoredValidation = new ArrayList<>();
        probe = new ArrayList<>(Probe.SIZE);
        validationToTrain = new ArrayList<>();
        controllerUsesValidation = options.method.learnsWeights() && !options.method.usesTrainingBatchAsValidation();
        TrainingCounters counters = TrainingCounters.none();
        restoredAtStep = -1;
        if (context.isRestored()) {
            for (byte[] bytes : trainerState.get()) {
                trainer.restoreState(bytes);
            }
            List<StateFile> files = new ArrayList<>();
            trainerFiles.get().forEach(files::add);
            stateChain.restore(files, trainer);
            batchState.get().forEach(batch::add);
            validationState.get().forEach(validation::add);
            probeState.get().forEach(probe::add);
            validationToTrainState.get().forEach(validationToTrain::add);
            for (TrainingCounters restored : countersState.get()) {
                counters = restored;
            }
            restoredAtStep = trainer.step();
            LOG.info("restored the trainer at step {} ({}) after {} trained events, snapshot version counter {} ({} ms)",
                    trainer.step(), files.isEmpty() ? "from a savepoint" : "from " + new Path(files.get(0).path()).getName() + " and " + (files.size() - 1) + " increments",
                    counters.eventsTrained(), counters.version(), (System.nanoTime() - started) / 1_000_000);
        } else if (publishedStart != null) {
            counters = publishedStart.restore(options, trainer);
            restoredAtStep = trainer.step();
            LOG.info("resumed the model from Redis version {} at step {} after {} trained events; Kafka from offsets {} ({} ms)",
                    publishedStart.version(), trainer.step(), counters.eventsTrained(), publishedStart.offsets(), (System.nanoTime() - started) / 1_000_000);
        }
        eventsTrained = counters.eventsTrained();
        validationEvents = counters.validationEvents();
        rejected = counters.rejected();
        trainedIdDigest = counters.trainedIdDigest();
        version = counters.version();
        versionStep = counters.versionStep();
        nextOffsets = counters.nextOffsets();
        receivedOffsets = counters.receivedOffsets();
    }

    @Override
    public void open() throws Exception {
        super.open();
        prequential = new SlidingWindowQuality(options.metricsWindow, trainer.outputs());
        validationQuality = new SlidingWindowQuality(options.metricsWindow, trainer.outputs());
        freshness = new Freshness();
        publishedVersions = new ConcurrentLinkedQueue<>();
        awaitingCheckpoint = new TreeMap<>();
        versionPlan = new VersionPlan(options.publishEvery, options.publishEverySteps, options.publishInterval.toMillis(), options.fullEvery);
        publisher = new SnapshotPublisher(options.redis.address(), options.storeSettings(),
                (published, millis) -> publishedVersions.add(new long[] {published, millis}));
        lag = new KafkaLag(options.kafka(), options.topic);
        lastStatusMillis = System.currentTimeMillis();
        eventsAtLastStatus = eventsTrained;
        registerMetrics(getMetricGroup());
        scheduleStatus();
    }

    @Override
    public void processElement1(StreamRecord<ParsedEvent> record) throws Exception {
        ParsedEvent event = record.getValue();
        received(event.partition(), event.offset());
        receivedOffsets = ResumeOffsets.advance(receivedOffsets, event.partition(), event.offset());
        if (probe.size() < Probe.SIZE) {
            probe.add(event.example());
        }
        if (event.validation()) {
            validationEvents++;
            validation.add(event.example());
            unscoredValidation.add(event.example());
            if (unscoredValidation.size() >= options.batchSize) {
                scoreValidation(); // a batch of them came between two training steps (whose runs score them otherwise)
            }
            if (options.trainOnValidation) {
                // kept from training until a controller step has used it, when a controller learns from validation data
                (controllerUsesValidation ? validationToTrain : batch).add(event);
            }
        } else {
            batch.add(event);
        }
        while (batch.size() >= options.batchSize) {
            trainBatch(options.batchSize);
        }
    }

    @Override
    public void processElement2(StreamRecord<RejectedEvent> record) {
        rejected++;
        received(record.getValue().partition(), record.getValue().offset());
    }

    /** At the end of a bounded input the last, partial batch is trained too. */
    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 1) {
            batch.addAll(validationToTrain); // no controller step will come to use them first
            validationToTrain.clear();
            while (!batch.isEmpty()) {
                trainBatch(Math.min(batch.size(), options.batchSize));
            }
        }
        if (inputId == 1 && !unscoredValidation.isEmpty()) {
            scoreValidation();
        }
    }

    /** Trains on the first {@code size} events of the batch, which are then gone from it. */
    private void trainBatch(int size) {
        if (options.injectFailureAtStep == trainer.step() + 1 && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
            throw new InjectedFailure("injected failure before step " + options.injectFailureAtStep + " (--inject-failure-at-step)");
        }
        if (firstTrainedMillis == 0) {
            firstTrainedMillis = System.currentTimeMillis();
        }
        List<ParsedEvent> taken = batch.subList(0, size);
        List<Example> examples = new ArrayList<>(size);
        taken.forEach(e -> examples.add(e.example()));
        // test, then train: the first events of the batch (arrival order, so a fair sample) are scored before the step,
        // in its run, with the validation events that came since the last step (by the weights they came to)
        List<Example> sample = examples.subList(0, (int) Math.ceil(size * options.prequentialSample));
        List<Example> scored = new ArrayList<>(sample);
        scored.addAll(unscoredValidation);
        float[] predictions = trainer.train(examples, scored).scoredPredictions();
        int split = sample.size() * trainer.outputs();
        prequential.add(Arrays.copyOf(predictions, split), labels(sample));
        if (!unscoredValidation.isEmpty()) {
            validationQuality.add(Arrays.copyOfRange(predictions, split, predictions.length), labels(unscoredValidation));
            unscoredValidation.clear();
        }
        for (ParsedEvent event : taken) {
            trainedIdDigest = EventIdDigest.add(trainedIdDigest, event.example().eventId());
            freshness.trained(event.appendTime());
        }
        eventsTrained += size;
        lastTrainedMillis = System.currentTimeMillis();
        taken.clear();
        if (trainer.controllerDue() && !validation.isEmpty()) {
            trainer.trainController(validation.newest(options.batchSize));
            batch.addAll(validationToTrain);
            validationToTrain.clear();
        }
        drainPublished();
    }

    private void scoreValidation() {
        validationQuality.add(trainer.predict(unscoredValidation), labels(unscoredValidation));
        unscoredValidation.clear();
    }

    @Override
    public OperatorSnapshotFutures snapshotState(long checkpointId, long timestamp, CheckpointOptions checkpointOptions,
                                                 CheckpointStreamFactory factory) throws Exception {
        selfContained = checkpointOptions.getCheckpointType().getSharingFilesStrategy() == SnapshotType.SharingFilesStrategy.NO_SHARING;
        trainerCheckpoint = null;
        OperatorSnapshotFutures futures = super.snapshotState(checkpointId, timestamp, checkpointOptions, factory);
        if (trainerCheckpoint != null) {
            futures.setOperatorStateManagedFuture(trainerCheckpoint.after(futures.getOperatorStateManagedFuture()));
        }
        return futures;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (selfContained) {
            trainerState.update(List.of(trainer.saveState()));
            trainerFiles.clear();
        } else {
            trainerCheckpoint = stateChain.checkpoint(context.getCheckpointId(), trainer);
            trainerFiles.update(trainerCheckpoint.chain());
            trainerState.clear();
        }
        batchState.update(new ArrayList<>(batch));
        validationState.update(validation.contents());
        probeState.update(new ArrayList<>(probe));
        validationToTrainState.update(new ArrayList<>(validationToTrain));
        boolean versionUnderWay = !awaitingCheckpoint.isEmpty() || publisher.snapshotUnderWay();
        // Redis lost the model (or the version made before a restart never got there): the state goes out again now
        boolean republish = !versionUnderWay && trainer.step() > 0 && publisher.storeBehind(versionStep);
        if (republish || versionPlan.due(trainer.step(), versionStep, System.currentTimeMillis(), publisher.deltaBase(), versionUnderWay)) {
            version = Math.max(version, publisher.storeLatest()) + 1;
            versionStep = trainer.step();
            awaitingCheckpoint.put(context.getCheckpointId(), versionPlan.payload(version, versionStep, publisher.deltaBase(),
                    trainer::saveState, trainer::saveDelta, snapshotMeta(context.getCheckpointId())));
            freshness.seal(version);
        }
        countersState.update(List.of(new TrainingCounters(eventsTrained, validationEvents, rejected,
                trainedIdDigest, version, versionStep, nextOffsets.clone(), receivedOffsets.clone())));
    }

    /** Only state in a completed checkpoint is published: a restore can never take the model back behind a published version. */
    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        stateChain.completed(checkpointId);
        NavigableMap<Long, SnapshotPayload> done = awaitingCheckpoint.headMap(checkpointId, true);
        done.values().forEach(publisher::offer); // in order: the publisher keeps only the newest, and the full version it needs
        done.clear();
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        super.notifyCheckpointAborted(checkpointId);
        stateChain.aborted(checkpointId);
        awaitingCheckpoint.remove(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        super.finish();
        finished = true;
    }

    /**
     * After a graceful end (bounded input: the final checkpoint has been published by now) waits for the
     * last version, writes the final status and deletes the trainer's checkpoint files (Flink discards the job's
     * checkpoints); after a failure stops at once, so that recovery never waits for Redis.
     */
    @Override
    public void close() throws Exception {
        try {
            if (publisher != null) {
                if (finished) {
                    publisher.awaitIdle(PUBLISH_FLUSH_TIMEOUT);
                    drainPublished();
                    publisher.offerStatus(status().toJson());
                }
                publisher.close(finished ? PUBLISH_FLUSH_TIMEOUT : Duration.ZERO);
            }
            if (stateChain != null) {
                if (finished) {
                    stateChain.deleteAll();
                }
                stateChain.close();
            }
            if (lag != null) {
                lag.close();
            }
            if (trainer != null) {
                trainer.close();
            }
        } finally {
            super.close();
        }
    }

    private Map<String, String> snapshotMeta(long checkpointId) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(SnapshotManifest.STEP, Long.toString(trainer.step()));
        meta.put("eventsTrained", Long.toString(eventsTrained));
        meta.put("trainedIdDigest", Long.toString(trainedIdDigest));
        meta.put("checkpointId", Long.toString(checkpointId));
        meta.put(ResumeOffsets.TOPIC_META_KEY, options.topic);
        meta.put(ResumeOffsets.META_KEY, ResumeOffsets.encode(receivedOffsets, List.of(batch, validationToTrain)));
        meta.putAll(TrainerFactory.meta(options, trainer.config()));
        if (!probe.isEmpty()) {
            meta.put(Probe.META_KEY, Probe.of(probe, trainer.predict(probe)).toJson());
        }
        return meta;
    }

    private void received(int partition, long offset) {
        nextOffsets = ResumeOffsets.advance(nextOffsets, partition, offset);
    }

    private void drainPublished() {
        for (long[] published = publishedVersions.poll(); published != null; published = publishedVersions.poll()) {
            freshness.published(published[0], published[1]);
        }
    }

    private void scheduleStatus() {
        long due = getProcessingTimeService().getCurrentProcessingTime() + options.statusInterval.toMillis();
        getProcessingTimeService().registerTimer(due, time -> {
            drainPublished();
            lag.refresh();
            lastStatus = status();
            LOG.info(lastStatus.summary());
            publisher.offerStatus(lastStatus.toJson());
            scheduleStatus();
        });
    }

    private TrainingStatus status() {
        long now = System.currentTimeMillis();
        double rate = (eventsTrained - eventsAtLastStatus) * 1000.0 / Math.max(1, now - lastStatusMillis);
        lastStatusMillis = now;
        eventsAtLastStatus = eventsTrained;
        Map<String, Double> weights = new LinkedHashMap<>();
        double[] means = trainer.meanLossWeights();
        List<String> names = trainer.candidateNames();
        for (int i = 0; i < Math.min(means.length, names.size()); i++) {
            weights.put(names.get(i), means[i]);
        }
        return new TrainingStatus(now, publisher.lastPublishedVersion(), publisher.lastPublishMillis(), trainer.step(),
                restoredAtStep, trainer.controllerSteps(), eventsTrained, validationEvents, rejected, trainer.skippedBatches(), rate, firstTrainedMillis, lastTrainedMillis,
                TrainingStatus.Figures.of(prequential.quality()), TrainingStatus.Figures.of(validationQuality.quality()),
                weights, trainer.temperature(), lag.lag(nextOffsets), publisher.publishFailures(),
                freshness.quantileMillis(0.5), freshness.quantileMillis(0.99), trainedIdDigest);
    }

    /** Gauges read the last status record: the metric reporter's thread must not touch the trainer. */
    private void registerMetrics(MetricGroup metrics) {
        metrics.gauge("eventsTrained", () -> lastStatus == null ? 0L : lastStatus.eventsTrained());
        metrics.gauge("validationEvents", () -> lastStatus == null ? 0L : lastStatus.validationEvents());
        metrics.gauge("rejected", () -> lastStatus == null ? 0L : lastStatus.rejected());
        metrics.gauge("skippedBatches", () -> lastStatus == null ? 0L : lastStatus.skippedBatches());
        metrics.gauge("step", () -> lastStatus == null ? 0L : lastStatus.step());
        metrics.gauge("controllerSteps", () -> lastStatus == null ? 0L : lastStatus.controllerSteps());
        metrics.gauge("eventsPerSecond", () -> lastStatus == null ? 0.0 : lastStatus.eventsPerSecond());
        metrics.gauge("temperature", () -> lastStatus == null ? null : lastStatus.temperature());
        metrics.gauge("modelVersion", () -> lastStatus == null ? 0L : lastStatus.modelVersion());
        metrics.gauge("lastPublishMillis", () -> lastStatus == null ? 0L : lastStatus.lastPublishMillis());
        metrics.gauge("publishFailures", () -> lastStatus == null ? 0L : lastStatus.publishFailures());
        metrics.gauge("kafkaLag", () -> lastStatus == null ? -1L : lastStatus.kafkaLag());
        metrics.gauge("prequentialAuc", () -> lastStatus == null ? null : lastStatus.prequential().auc());
        metrics.gauge("prequentialLogLoss", () -> lastStatus == null ? null : lastStatus.prequential().logLoss());
        metrics.gauge("validationAuc", () -> lastStatus == null ? null : lastStatus.validation().auc());
        metrics.gauge("validationLogLoss", () -> lastStatus == null ? null : lastStatus.validation().logLoss());
        metrics.gauge("freshnessP50Millis", () -> lastStatus == null ? -1L : lastStatus.freshnessP50Millis());
        metrics.gauge("freshnessP99Millis", () -> lastStatus == null ? -1L : lastStatus.freshnessP99Millis());
        for (String name : trainer.candidateNames()) {
            metrics.gauge("lossWeight_" + name, () -> lastStatus == null ? null : lastStatus.lossWeights().get(name));
        }
    }

    private static float[] labels(List<Example> examples) {
        float[] labels = new float[examples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(i).label();
        }
        return labels;
    }

    /** The failure {@code --inject-failure-at-step} throws, to show that a restore trains every event once. */
    static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }
}
