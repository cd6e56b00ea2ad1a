package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.SnapshotKeys;
import java.io.Serializable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which Redis holds the model and its predictions, and under which key prefix; a mixin of every command and job that reads or writes them. */
public final class RedisOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    @Mixin
    public RedisServerOptions server = new RedisServerOptions();

    @Option(names = "--redis-prefix", defaultValue = SnapshotKeys.DEFAULT_PREFIX,
            description = "prefix of every Redis key of this model (default: ${DEFAULT-VALUE})")
    public String prefix;

    /** The Redis server and how to log in to it (see {@link RedisServerOptions}). */
    public RedisAddress address() {
        return server.address();
    }

    public SnapshotKeys snapshotKeys() {
        return new SnapshotKeys(prefix);
    }

    public PredictionKeys predictionKeys() {
        return new PredictionKeys(prefix);
    }
}
