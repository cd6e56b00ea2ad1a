package dev.autoloss.jobs.train;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
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
 * A trainer on Flink: a thin adapter that owns the operator state and the lifecycle, and hands the work to
 * plain-Java collaborators: the {@link TrainingLoop} (batches, validation buffer, steps), the
 * {@link VersionPublication} (which checkpoints become published versions) and the {@link TrainerStatusReporter}
 * (status record and metrics). With several trainers ({@code --trainers}) each is one replica of the model: it
 * publishes nothing itself, but emits the delta of its own steps at each checkpoint, before the barrier, to the
 * {@link MergedModelOperator} and to the other trainers, and adds theirs as they arrive ({@link ReplicaExchange}).
 *
 * <p>Exactly once: the model and optimizer state ({@link TrainerCheckpoints}), the training loop's state
 * (partial batch, validation buffer, counters), the version counter and the offsets of the other trainers' deltas
 * added are operator state, taken at the checkpoint barrier together with the Kafka offsets. After a failure the job
 * restarts from the last completed checkpoint, so an event is trained on once, whatever happened after that
 * checkpoint. Input 1: parsed events (training and validation); input 2: rejected events, counted.
 */
final class TrainerOperator extends AbstractStreamOperator<ReplicaDelta>
        implements TwoInputStreamOperator<ParsedEvent, RejectedEvent, ReplicaDelta>, BoundedMultiInput {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerOperator.class);

    private final TrainOptions options;
    /** the published version the trainer starts from when there is no checkpoint to restore ({@code --resume-from-redis}), or null */
    private final PublishedStart publishedStart;

    // checkpointed
    private transient TrainerCheckpoints checkpoints;
    private transient ListState<ParsedEvent> batchState;
    private transient ListState<Example> validationState;
    private transient ListState<TrainingCounters> countersState;
    private transient ListState<Example> probeState;
    private transient ListState<ParsedEvent> validationToTrainState;
    private transient ListState<long[]> deltaOffsetsState;

    private transient Trainer trainer;
    private transient TrainingLoop loop;
    /** publishes the model: the only trainer does, one of several does not (null) */
    private transient VersionPublication versions;
    /** one of several trainers exchanges deltas; the only one has none (null) */
    private transient ReplicaExchange exchange;
    private transient TrainerStatusReporter reporter;
    private transient boolean finished;
    private transient int inputsEnded;

    TrainerOperator(TrainOptions options, PublishedStart publishedStart) {
        this.options = options;
        this.publishedStart = publishedStart;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        var store = context.getOperatorStateStore();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        boolean replica = options.trainers > 1;
        checkpoints = new TrainerCheckpoints(store, TrainerCheckpoints.trainerFolder(options, getRuntimeContext().getJobInfo().getJobId().toString(), subtask));
        batchState = store.getListState(new ListStateDescriptor<>("partial-batch", TypeInformation.of(ParsedEvent.class)));
        validationState = store.getListState(new ListStateDescriptor<>("validation-buffer", TypeInformation.of(Example.class)));
        countersState = store.getListState(new ListStateDescriptor<>("counters", TypeInformation.of(TrainingCounters.class)));
        probeState = store.getListState(new ListStateDescriptor<>("probe", TypeInformation.of(Example.class)));
        validationToTrainState = store.getListState(new ListStateDescriptor<>("validation-to-train", TypeInformation.of(ParsedEvent.class)));
        deltaOffsetsState = store.getListState(new ListStateDescriptor<>("trainer-delta-offsets", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));

        long started = System.nanoTime();
        trainer = TrainerFactory.create(options);
        TrainingLoop.State restored = TrainingLoop.empty();
        long restoredAtStep = -1;
        if (context.isRestored()) {
            String from = checkpoints.restore(trainer);
            restored = new TrainingLoop.State(list(batchState), list(validationState), list(probeState), list(validationToTrainState),
                    list(countersState).stream().reduce((first, second) -> second).orElse(TrainingCounters.none()));
            restoredAtStep = trainer.step();
            LOG.info("restored the trainer{} at step {} ({}) after {} trained events, snapshot version counter {} ({} ms)", replica ? " " + subtask : "",
                    trainer.step(), from, restored.counters().eventsTrained(), restored.counters().version(), (System.nanoTime() - started) / 1_000_000);
        } else if (publishedStart != null) {
            restored = new TrainingLoop.State(List.of(), List.of(), List.of(), List.of(), publishedStart.restore(options, trainer));
            restoredAtStep = trainer.step();
            LOG.info("resumed the model from Redis version {} at step {} after {} trained events; Kafka from offsets {} ({} ms)",
                    publishedStart.version(), trainer.step(), restored.counters().eventsTrained(), publishedStart.offsets(), (System.nanoTime() - started) / 1_000_000);
        }
        loop = new TrainingLoop(trainer, options, restored, new TrainingLoop.Listener() {
            @Override
            public void beforeStep(long step) {
                if (options.injectFailureAtStep > 0 && step >= options.injectFailureAtStep && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                    throw new InjectedFailure("injected failure before step " + step + " (--inject-failure-at-step)");
                }
                if (exchange != null) {
                    exchange.addArrived();
                }
            }

            @Override
            public void trained(ParsedEvent event) {
                if (versions != null) {
                    versions.trained(event.appendTime());
                } else {
                    exchange.trained(event);
                }
            }
        });
        KafkaLag lag = new KafkaLag(options.kafka(), options.topic);
        if (replica) {
            long[] deltaOffsets = list(deltaOffsetsState).stream().findFirst().orElse(new long[0]);
            exchange = new ReplicaExchange(trainer, subtask, options.trainers,
                    new ReplicaFeedback(options.kafka(), options.trainerDeltaTopic(), subtask, options.trainers, deltaOffsets));
            reporter = new TrainerStatusReporter(trainer, loop, exchange, subtask, lag, restoredAtStep);
        } else {
            versions = new VersionPublication(options, getRuntimeContext().getJobInfo().getJobId().toString(),
                    restored.counters().version(), restored.counters().versionStep());
            reporter = new TrainerStatusReporter(trainer, loop, versions, lag, restoredAtStep);
            versions.publishBase(trainer, loop.versionMeta(context.getRestoredCheckpointId().orElse(0)));
        }
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

    /** At the end of a bounded input the last, partial batch is trained too; with several trainers, what changed is sent on. */
    @Override
    public void endInput(int inputId) {
        if (inputId == 1) {
            loop.endOfInput();
        }
        emitDelta();
        inputsEnded++;
    }

    /**
     * With several trainers: the delta of this one's steps goes out ahead of the barrier, so that the checkpoint holds it
     * downstream. Once both inputs have ended the output has too, and the last delta went out with the end.
     */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        if (inputsEnded < 2) {
            emitDelta();
        }
    }

    private void emitDelta() {
        if (exchange != null) {
            output.collect(new StreamRecord<>(exchange.take(loop, reporter.status())));
        }
    }

    @Override
    public OperatorSnapshotFutures snapshotState(long checkpointId, long timestamp, CheckpointOptions checkpointOptions,
                                                 CheckpointStreamFactory factory) throws Exception {
        checkpoints.starting(checkpointOptions);
        return checkpoints.taken(super.snapshotState(checkpointId, timestamp, checkpointOptions, factory));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpoints.snapshot(context.getCheckpointId(), trainer);
        if (versions != null) {
            versions.checkpoint(context.getCheckpointId(), trainer, () -> loop.versionMeta(context.getCheckpointId()));
        }
        TrainingLoop.State state = versions != null ? loop.state(versions.version(), versions.versionStep()) : loop.state(0, 0);
        batchState.update(state.batch());
        validationState.update(state.validation());
        probeState.update(state.probe());
        validationToTrainState.update(state.validationToTrain());
        countersState.update(List.of(state.counters()));
        deltaOffsetsState.update(exchange == null ? List.of() : List.of(exchange.offsets()));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        checkpoints.completed(checkpointId);
        if (versions != null) {
            versions.completed(checkpointId);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        super.notifyCheckpointAborted(checkpointId);
        checkpoints.aborted(checkpointId);
        if (versions != null) {
            versions.aborted(checkpointId);
        }
    }

    @Override
    public void finish() throws Exception {
        super.finish();
        finished = true;
    }

    /**
     * Closes the publication ({@link VersionPublication#close(boolean, java.util.function.Supplier)}) and, after a graceful
     * end of the job with one trainer, deletes its checkpoint files (Flink discards the job's checkpoints).
     */
    @Override
    public void close() throws Exception {
        try {
            if (versions != null) {
                versions.close(finished, reporter::status);
            }
            if (exchange != null) {
                exchange.close();
            }
            if (checkpoints != null) {
                checkpoints.close(finished && exchange == null); // several trainers' files go when the merged model has finished
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
            if (versions != null) {
                versions.offerStatus(status.toJson());
            }
            scheduleStatus();
        });
    }

    static <T> List<T> list(ListState<T> state) throws Exception {
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
