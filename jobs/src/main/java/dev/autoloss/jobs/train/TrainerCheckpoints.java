package dev.autoloss.jobs.train;

import dev.autoloss.model.train.Trainer;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.SnapshotType;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;

/**
 * A trainer's model state in an operator's checkpoints: a checkpoint refers to a chain of files
 * ({@link TrainerStateChain}), a savepoint holds the whole state itself. The operator calls {@link #starting} and
 * {@link #taken} around its snapshot, and {@link #snapshot} within it. Used on the task thread only.
 */
final class TrainerCheckpoints {

    private final ListState<StateFile> files;
    private final ListState<byte[]> whole;
    private final TrainerStateChain chain;
    /** the checkpoint being taken must hold the trainer's state itself (a savepoint), not refer to files */
    private boolean selfContained;
    /** the files that the checkpoint being taken refers to, the last one being written; or null */
    private TrainerStateChain.Checkpoint pending;

    /** Checkpoints of a trainer whose files go to {@code directory}, with state names that earlier checkpoints used. */
    TrainerCheckpoints(OperatorStateStore store, Path directory) throws Exception {
        this.files = store.getListState(new ListStateDescriptor<>("trainer-files", TypeInformation.of(StateFile.class)));
        this.whole = store.getListState(new ListStateDescriptor<>("trainer", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        this.chain = new TrainerStateChain(directory);
    }

    /**
     * Restores {@code trainer} from the restored checkpoint or savepoint; says where it came from.
     *
     * @throws IllegalStateException when it holds no model for this operator instance, or several: it was taken with
     *                               another number of trainers
     */
    String restore(Trainer trainer) throws Exception {
        List<byte[]> states = TrainerOperator.list(whole);
        List<StateFile> restored = TrainerOperator.list(files);
        long fullFiles = restored.stream().filter(f -> new Path(f.path()).getName().startsWith("full")).count();
        if (states.size() + fullFiles != 1) {
            throw new IllegalStateException("the checkpoint restored holds " + (states.size() + fullFiles) + " models for this trainer: it was"
                    + " taken with another --trainers (a job keeps its number of trainers; start with another number with --fresh)");
        }
        states.forEach(trainer::restoreState);
        chain.restore(restored, trainer);
        return restored.isEmpty() ? "from a savepoint" : "from " + new Path(restored.get(0).path()).getName() + " and " + (restored.size() - 1) + " increments";
    }

    /** A snapshot starts. */
    void starting(CheckpointOptions options) {
        selfContained = options.getCheckpointType().getSharingFilesStrategy() == SnapshotType.SharingFilesStrategy.NO_SHARING;
        pending = null;
    }

    /** Within the snapshot: the trainer's state, or the files that rebuild it. */
    void snapshot(long checkpointId, Trainer trainer) throws Exception {
        if (selfContained) {
            whole.update(List.of(trainer.saveState()));
            files.clear();
        } else {
            pending = chain.checkpoint(checkpointId, trainer);
            files.update(pending.chain());
            whole.clear();
        }
    }

    /** The snapshot was taken: it completes once the trainer's newest file is written. */
    OperatorSnapshotFutures taken(OperatorSnapshotFutures futures) {
        if (pending != null) {
            futures.setOperatorStateManagedFuture(pending.after(futures.getOperatorStateManagedFuture()));
        }
        return futures;
    }

    void completed(long checkpointId) {
        chain.completed(checkpointId);
    }

    void aborted(long checkpointId) {
        chain.aborted(checkpointId);
    }

    /**
     * Stops the chain's threads; after the job's graceful end ({@code jobFinished}) deletes its files, which no checkpoint
     * needs any more. One of several trainers that finished must keep them: a restore before the job ends needs them.
     */
    void close(boolean jobFinished) throws Exception {
        if (jobFinished) {
            chain.deleteAll();
        }
        chain.close();
    }

    /** The folder of trainer {@code subtask}'s files in the job's checkpoint folder. */
    static Path trainerFolder(TrainOptions options, String jobId, int subtask) {
        return new Path(TrainJob.lineage(options).folder(), jobId + "/autoloss-trainer" + (options.trainers > 1 ? "-" + subtask : ""));
    }

    /** The folder of the merged model's files (several trainers). */
    static Path mergedFolder(TrainOptions options, String jobId) {
        return new Path(TrainJob.lineage(options).folder(), jobId + "/autoloss-merged");
    }

    /** After a job of several trainers ended: their folders, which they kept for a restore until then. */
    static void deleteTrainerFolders(TrainOptions options, String jobId) throws IOException {
        for (int subtask = 0; subtask < options.trainers; subtask++) {
            Path folder = trainerFolder(options, jobId, subtask);
            folder.getFileSystem().delete(folder, true);
        }
    }
}
