package dev.autoloss.jobs.train;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.train.Trainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
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
 * The single trainer instance on Flink: a thin adapter that owns the operator state and the lifecycle, and
 * hands the work to plain-Java collaborators: the {@link TrainingLoop} (batches, validation buffer, steps),
 * the {@link VersionPublication} (which checkpoints become published versions) and the
 * {@link TrainerStatusReporter} (status record and metrics).
 *
 * <p>Exactly once: the model and optimizer state (a chain of files, {@link TrainerStateChain}: a full snapshot
 * and the increments after it, so that a checkpoint writes only what changed), the training loop's state
 * (partial batch, validation buffer, counters) and the version counter are operator state, taken at the
 * checkpoint barrier together with the Kafka offsets; a savepoint holds the whole trainer state itself.
 * After a failure the job restarts from the last completed checkpoint, so an event is trained on once,
 * whatever happened after that checkpoint.
 * Input 1: parsed events (training and validation); input 2: rejected events, counted.
 */
final class TrainerOperator extends AbstractStreamOperator<Void>
        implements TwoInputStreamOperator<ParsedEvent, RejectedEvent, Void>, BoundedMultiInput {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerOperator.class);
    private static final Duration PUBLISH_FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final TrainOptions options;
    /** the published version the trainer starts from when there is no checkpoint to restore ({@code --resume-from-redis}), or null */
    private final PublishedStart publishedStart;

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
    private transient TrainingLoop loop;
    private transient VersionPublication versions;
    private transient TrainerStatusReporter reporter;
    private transient boolean finished;

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
        TrainingLoop.State restored = TrainingLoop.empty();
        long restoredAtStep = -1;
        if (context.isRestored()) {
            for (byte[] bytes : trainerState.get()) {
                trainer.restoreState(bytes);
            }
            List<StateFile> files = new ArrayList<>();
            trainerFiles.get().forEach(files::add);
            stateChain.restore(files, trainer);
            restored = new TrainingLoop.State(list(batchState), list(validationState), list(probeState), list(validationToTrainState),
                    list(countersState).stream().reduce((first, second) -> second).orElse(TrainingCounters.none()));
            restoredAtStep = trainer.step();
            LOG.info("restored the trainer at step {} ({}) after {} trained events, snapshot version counter {} ({} ms)",
                    trainer.step(), files.isEmpty() ? "from a savepoint" : "from " + new Path(files.get(0).path()).getName() + " and " + (files.size() - 1) + " increments",
                    restored.counters().eventsTrained(), restored.counters().version(), (System.nanoTime() - started) / 1_000_000);
        } else if (publishedStart != null) {
            restored = new TrainingLoop.State(List.of(), List.of(), List.of(), List.of(), publishedStart.restore(options, trainer));
            restoredAtStep = trainer.step();
            LOG.info("resumed the model from Redis version {} at step {} after {} trained events; Kafka from offsets {} ({} ms)",
                    publishedStart.version(), trainer.step(), restored.counters().eventsTrained(), publishedStart.offsets(), (System.nanoTime() - started) / 1_000_000);
        }
        versions = new VersionPublication(options, getRuntimeContext().getJobInfo().getJobId().toString(),
                restored.counters().version(), restored.counters().versionStep());
        loop = new TrainingLoop(trainer, options, restored, new TrainingLoop.Listener() {
            @Override
            public void beforeStep(long step) {
                if (options.injectFailureAtStep == step && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                    throw new InjectedFailure("injected failure before step " + step + " (--inject-failure-at-step)");
                }
            }

            @Override
            public void trained(ParsedEvent event) {
                versions.trained(event);
            }
        });
        reporter = new TrainerStatusReporter(trainer, loop, versions, new KafkaLag(options.kafka(), options.topic), restoredAtStep);
        versions.publishBase(trainer, loop.versionMeta(context.getRestoredCheckpointId().orElse(0)));
    }

    @Override
    public void open() throws Exception {
        super.open();
        reporter.registerMetrics(getMetricGroup());
        scheduleStatus();
    }

    @Override
    public void processElement1(StreamRecord<ParsedEvent> record) {
        loop.add(record.getValue());
    }

    @Override
    public void processElement2(StreamRecord<RejectedEvent> record) {
        loop.rejected(record.getValue());
    }

    /** At the end of a bounded input the last, partial batch is trained too. */
    @Override
    public void endInput(int inputId) {
        if (inputId == 1) {
            loop.endOfInput();
        }
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
        versions.checkpoint(context.getCheckpointId(), trainer, () -> loop.versionMeta(context.getCheckpointId()));
        TrainingLoop.State state = loop.state(versions.version(), versions.versionStep());
        batchState.update(state.batch());
        validationState.update(state.validation());
        probeState.update(state.probe());
        validationToTrainState.update(state.validationToTrain());
        countersState.update(List.of(state.counters()));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        stateChain.completed(checkpointId);
        versions.completed(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        super.notifyCheckpointAborted(checkpointId);
        stateChain.aborted(checkpointId);
        versions.aborted(checkpointId);
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
            if (versions != null) {
                if (finished) {
                    versions.awaitPublished(PUBLISH_FLUSH_TIMEOUT);
                    versions.offerStatus(reporter.status().toJson());
                }
                versions.close(finished ? PUBLISH_FLUSH_TIMEOUT : Duration.ZERO);
            }
            if (stateChain != null) {
                if (finished) {
                    stateChain.deleteAll();
                }
                stateChain.close();
            }
            if (reporter != null) {
                reporter.close();
            }
            if (trainer != null) {
                trainer.close();
            }
        } finally {
            super.close();
        }
    }

    private void scheduleStatus() {
        long due = getProcessingTimeService().getCurrentProcessingTime() + options.statusInterval.toMillis();
        getProcessingTimeService().registerTimer(due, time -> {
            TrainingStatus status = reporter.status();
            LOG.info(status.summary());
            versions.offerStatus(status.toJson());
            scheduleStatus();
        });
    }

    private static <T> List<T> list(ListState<T> state) throws Exception {
        List<T> values = new ArrayList<>();
        state.get().forEach(values::add);
        return values;
    }

    /** The failure {@code --inject-failure-at-step} throws, to show that a restore trains every event once. */
    static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }
}
