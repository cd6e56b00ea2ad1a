package dev.autoloss.jobs.resume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * One job across the runs of the same command: a folder named by the job (a hash of its name), under which each run
 * keeps its checkpoints ({@code <checkpoint dir>/<lineage>/<run's job id>/chk-N}, with the trainer's files beside
 * them), retained when the run is cancelled or fails; each run starts from the newest completed checkpoint of the
 * runs before it. Flink numbers a restored job's checkpoints on from the restored one, so the highest {@code chk-N}
 * in the folder is the newest. (Each run has a job id of its own: a session cluster refuses a job id it has seen
 * finish.)
 */
public final class JobLineage {

    private static final String CHECKPOINT_PREFIX = "chk-";
    private static final String METADATA = "_metadata";

    private final String name;
    private final Path folder;

    private JobLineage(String name, Path folder) {
        this.name = name;
        this.folder = folder;
    }

    /** The lineage of the job called {@code name} (e.g. the model's Redis prefix) with checkpoints under {@code checkpointDir}. */
    public static JobLineage of(String checkpointDir, String name) {
        return new JobLineage(name, new Path(checkpointDir, idOf(name)));
    }

    /** Where the runs' checkpoints go: {@code <checkpoint dir>/<lineage>/<job id>}. */
    public Path folder() {
        return folder;
    }

    /**
     * What this run starts from: a savepoint the user named ({@code savepoint}, or {@code flink run -s}, already in
     * {@code submitted}), else the newest completed checkpoint unless {@code fresh} (which deletes them), else nothing.
     * Runs older than the one it starts from are deleted: nothing will start from them again.
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
        Optional<Path> newest = newestCheckpoint();
        newest.ifPresent(checkpoint -> deleteRunsOtherThan(checkpoint.getParent()));
        return newest.map(path -> new StartPoint(StartPoint.Kind.CHECKPOINT, path.toString())).orElse(StartPoint.fresh());
    }

    /** The Flink settings that keep the lineage: the checkpoint folder, retention, and where to start. */
    public Configuration configuration(StartPoint start) {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, folder.toString());
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
     * The newest completed checkpoint of any run: the highest {@code chk-N} folder with its {@code _metadata}, which
     * Flink writes last and atomically (a checkpoint cut off by a crash has none).
     */
    public Optional<Path> newestCheckpoint() {
        try {
            FileSystem fs = folder.getFileSystem();
            Path newest = null;
            long newestId = -1;
            for (FileStatus run : list(fs, folder)) {
                for (FileStatus child : list(fs, run.getPath())) {
                    long id = checkpointId(child.getPath().getName());
                    if (id > newestId && fs.exists(new Path(child.getPath(), METADATA))) {
                        newest = child.getPath();
                        newestId = id;
                    }
                }
            }
            return Optional.ofNullable(newest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints of '" + name + "' in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every run's checkpoints (and the trainer's files among them), for a job that starts anew. */
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

    private void deleteRunsOtherThan(Path kept) {
        try {
            FileSystem fs = folder.getFileSystem();
            for (FileStatus run : list(fs, folder)) {
                if (!run.getPath().getName().equals(kept.getName())) {
                    fs.delete(run.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the older runs of '" + name + "' in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
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

    /** The first 128 bits of SHA-256 of the name, in hex: the same folder on every run, machine and client. */
    static String idOf(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
