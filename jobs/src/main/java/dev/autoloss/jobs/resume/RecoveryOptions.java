package dev.autoloss.jobs.resume;

import java.io.Serializable;
import picocli.CommandLine.Option;

/** Where a job keeps its checkpoints and what it restarts from: the settings the train and score jobs share. */
public final class RecoveryOptions implements Serializable {

    public static final String DEFAULT_CHECKPOINT_DIR = "file:///tmp/autoloss/checkpoints";

    @Option(names = "--checkpoint-dir", defaultValue = DEFAULT_CHECKPOINT_DIR, paramLabel = "URI",
            description = "checkpoint storage URI, reachable from the TaskManagers and from where the job is submitted; the job starts"
                    + " again from its newest checkpoint there (default: ${DEFAULT-VALUE})")
    public String checkpointDir;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "start from this savepoint (or retained checkpoint) instead of the job's newest checkpoint")
    public String fromSavepoint;
}
