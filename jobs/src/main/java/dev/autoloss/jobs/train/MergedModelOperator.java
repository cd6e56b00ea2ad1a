package dev.autoloss.jobs.train;

import dev.autoloss.model.train.ControllerFile;
import dev.autoloss.model.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one model that several trainers ({@code --trainers}) make, and its publisher: adds every trainer's delta as
 * it comes through the job (each trainer sends one ahead of each checkpoint barrier), so that at a checkpoint it
 * holds exactly the steps of every event the trainers trained before that checkpoint; versions are published from
 * completed checkpoints as the only trainer publishes them, so serving is the same with one trainer or several.
 */
final class MergedModelOperator extends AbstractStreamOperator<Void> implements OneInputStreamOperator<ReplicaDelta, Void>, BoundedOneInput {

    private static final Logger LOG = LoggerFactory.getLogger(MergedModelOperator.class);

    private final TrainOptions options;

    // checkpointed
    private transient TrainerCheckpoints checkpoints;
    /** each trainer's last delta, without its model payload: the counters the merged model sums */
    private transient ListState<ReplicaDelta> lastDeltasState;
    /** the last version number given out and its step */
    private transient ListState<long[]> versionState;

    private transient Trainer merged;
    private transient Map<Integer, ReplicaDelta> lastDeltas;
    private transient VersionPublication versions;
    private transient long restoredAtStep;
    private transient boolean finished;
    /** for the metric gauges, which run on the reporter's thread */
    private transient volatile TrainingStatus lastStatus;

    MergedModelOperator(TrainOptions options) {
        this.options = options;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        var store = context.getOperatorStateStore();
        checkpoints = new TrainerCheckpoints(store, TrainerCheckpoints.mergedFolder(options, getRuntimeContext().getJobInfo().getJobId().toString()));
        lastDeltasState = store.getListState(new ListStateDescriptor<>("last-trainer-deltas", TypeInformation.of(ReplicaDelta.class)));
        versionState = store.getListState(new ListStateDescriptor<>("version", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));

        merged = TrainerFactory.create(options);
        lastDeltas = new TreeMap<>();
        long[] version = {0, 0};
        restoredAtStep = -1;
        if (context.isRestored()) {
            String from = checkpoints.restore(merged);
            TrainerOperator.list(lastDeltasState).forEach(delta -> lastDeltas.put(delta.replica(), delta));
            version = TrainerOperator.list(versionState).stream().findFirst().orElse(version);
            restoredAtStep = merged.step();
            LOG.info("restored the merged model of {} trainers at step {} ({}) after {} trained events, snapshot version counter {}",
                    options.trainers, merged.step(), from, eventsTrained(), version[0]);
        }
        merged.startReplica(options.trainers);
        versions = new VersionPublication(options, getRuntimeContext().getJobInfo().getJobId().toString(), version[0], version[1]);
        versions.publishBase(merged, meta(context.getRestoredCheckpointId().orElse(0)));
    }

    @Override
    public void open() throws Exception {
        super.open();
        StatusGauges.register(getMetricGroup(), () -> lastStatus, merged.candidateNames());
        scheduleStatus();
    }

    @Override
    public void processElement(StreamRecord<ReplicaDelta> record) {
        ReplicaDelta delta = record.getValue();
        if (delta.replica() >= options.trainers) {
            throw new IllegalStateException("a delta of trainer " + delta.replica() + " reached a job of " + options.trainers + " trainers");
        }
        merged.addReplicaDelta(delta.payload());
        for (long appendTime : delta.appendTimes()) {
            versions.trained(appendTime);
        }
        lastDeltas.put(delta.replica(), delta.withoutModel());
    }

    /** At the end of a bounded input, with every trainer's last delta added: the controller is saved when asked to. */
    @Override
    public void endInput() {
        if (options.saveController != null) {
            ControllerFile.save(merged, java.nio.file.Path.of(options.saveController));
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
        checkpoints.snapshot(context.getCheckpointId(), merged);
        versions.checkpoint(context.getCheckpointId(), merged, () -> meta(context.getCheckpointId()));
        lastDeltasState.update(new ArrayList<>(lastDeltas.values()));
        versionState.update(List.of(new long[] {versions.version(), versions.versionStep()}));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        checkpoints.completed(checkpointId);
        versions.completed(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        super.notifyCheckpointAborted(checkpointId);
        checkpoints.aborted(checkpointId);
        versions.aborted(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        super.finish();
        finished = true;
    }

    /** As the only trainer closes: the publication, then, after a graceful end, every trainer's checkpoint files. */
    @Override
    public void close() throws Exception {
        try {
            if (versions != null) {
                versions.close(finished, this::status);
            }
            if (checkpoints != null) {
                checkpoints.close(finished);
                if (finished) { // after every trainer: its last delta came before the end of this input
                    TrainerCheckpoints.deleteTrainerFolders(options, getRuntimeContext().getJobInfo().getJobId().toString());
                }
            }
            if (merged != null) {
                merged.close();
            }
        } finally {
            super.close();
        }
    }

    /** What a version of the merged model says about itself: the trainers' summed counters, and the offsets before which all is trained. */
    private Map<String, String> meta(long checkpointId) {
        long digest = lastDeltas.values().stream().mapToLong(ReplicaDelta::trainedIdDigest).sum();
        List<long[]> offsets = lastDeltas.values().stream().map(ReplicaDelta::untrainedOffsets).toList();
        // a trainer with no delta yet may have any event still to train
        long[] untrained = lastDeltas.size() < options.trainers ? new long[0] : ResumeOffsets.earliest(offsets);
        return VersionMeta.of(merged, options, eventsTrained(), digest, checkpointId, untrained);
    }

    private long eventsTrained() {
        return lastDeltas.values().stream().mapToLong(ReplicaDelta::eventsTrained).sum();
    }

    private TrainingStatus status() {
        List<TrainingStatus> trainers = lastDeltas.values().stream().map(delta -> TrainingStatus.fromJson(delta.status())).toList();
        lastStatus = MergedStatus.of(trainers, merged, versions, restoredAtStep);
        return lastStatus;
    }

    private void scheduleStatus() {
        long due = getProcessingTimeService().getCurrentProcessingTime() + options.statusInterval.toMillis();
        getProcessingTimeService().registerTimer(due, time -> {
            TrainingStatus status = status();
            LOG.info("merged model of {} trainers: {}", options.trainers, status.summary());
            versions.offerStatus(status.toJson());
            scheduleStatus();
        });
    }
}
