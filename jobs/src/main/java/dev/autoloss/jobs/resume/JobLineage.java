package dev.autoloss.jobs.resume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * One job across the runs of the same command: a Flink job id fixed by the job's name (so its checkpoints, and
 * the trainer's files beside them, stay in one folder, {@code <checkpoint dir>/<job id>}, and a cluster refuses a
 * second copy of the running job), checkpoints retained when the job is cancelled or fails, and each run started
 * from the newest completed checkpoint the last one left.
 */
public final class JobLineage {

    private static final String CHECKPOINT_PREFIX = "chk-";
    private static final String METADATA = "_metadata";

    private final String name;
    private final JobID jobId;
    private final Path folder;

    private JobLineage(String name, JobID jobId, Path folder) {
        this.name = name;
        this.jobId = jobId;
        this.folder = folder;
    }

    /** The lineage of the job called {@code name} (e.g. the model's Redis prefix) with checkpoints under {@code checkpointDir}. */
    public static JobLineage of(String checkpointDir, String name) {
        JobID id = idOf(name);
        return new JobLineage(name, id, new Path(checkpointDir, id.toHexString()));
    }

    public JobID jobId() {
        return jobId;
    }

    /** Where the job's checkpoints go: {@code <checkpoint dir>/<job id>}. */
    public Path folder() {
        return folder;
    }

    /**
     * What this run starts from: a savepoint the user named ({@code savepoint}, or {@code flink run -s}, already in
     * {@code submitted}), else the newest completed checkpoint unless {@code fresh} (which deletes them), else nothing.
     */
    public StartPoint startPoint(ReadableConfig submitted, String savepoint, boolean fresh) {
        String named = savepoint != null ? savepoint : submitted.getOptional(StateRecoveryOptions.SAVEPOINT_PATH).orElse(null);
        if (named != null) {
            if (fresh) {
                throw new IllegalArgumentException("--fresh starts a new model, --from-savepoint " + named + " an old one: give one of them");
            }
            return new StartPoint(StartPoint.Kind.SAVEPOINT, named);
        }
        if (fresh) {
            discard();
            return StartPoint.fresh();
        }
        return newestCheckpoint().map(path -> new StartPoint(StartPoint.Kind.CHECKPOINT, path.toString())).orElse(StartPoint.fresh());
    }

    /** The Flink settings that keep the lineage: fixed job id, checkpoint folder, retention, and where to start. */
    public Configuration configuration(String checkpointDir, StartPoint start) {
        Configuration config = new Configuration();
        config.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, jobId.toHexString());
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        config.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (!start.isNew()) {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, start.path());
            // the job owns its own checkpoints (and deletes each once a newer one completes); a savepoint stays the user's
            config.set(StateRecoveryOptions.RESTORE_MODE,
                    start.kind() == StartPoint.Kind.CHECKPOINT ? RecoveryClaimMode.CLAIM : RecoveryClaimMode.NO_CLAIM);
        }
        return config;
    }

    /**
     * The newest completed checkpoint in the folder: a {@code chk-N} folder with its {@code _metadata}, which Flink
     * writes last and atomically (a checkpoint cut off by a crash has none).
     */
    public Optional<Path> newestCheckpoint() {
        try {
            FileSystem fs = folder.getFileSystem();
            if (!fs.exists(folder)) {
                return Optional.empty();
            }
            Path newest = null;
            long newestId = -1;
            for (FileStatus status : fs.listStatus(folder)) {
                String child = status.getPath().getName();
                long id = checkpointId(child);
                if (id > newestId && fs.exists(new Path(status.getPath(), METADATA))) {
                    newest = status.getPath();
                    newestId = id;
                }
            }
            return Optional.ofNullable(newest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints of '" + name + "' in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the job's checkpoints (and the trainer's files among them), for a job that starts anew. */
    public void discard() {
        try {
            FileSystem fs = folder.getFileSystem();
            if (fs.exists(folder)) {
                fs.delete(folder, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the old checkpoints of '" + name + "' in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static long checkpointId(String folderName) {
        if (!folderName.startsWith(CHECKPOINT_PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(folderName.substring(CHECKPOINT_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The first 128 bits of SHA-256 of the name: the same job id on every run, machine and client. */
    static JobID idOf(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            ByteBuffer bits = ByteBuffer.wrap(hash);
            return new JobID(bits.getLong(), bits.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
