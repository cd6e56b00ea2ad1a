package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.SnapshotKeys;
import dev.autoloss.jobs.embedded.LocalRedis;
import java.io.Serializable;
import picocli.CommandLine.Option;

/** Which Redis holds the model and its predictions, and under which key prefix; a mixin of every command that reads them. */
public final class RedisOptions implements Serializable {

    @Option(names = "--redis", defaultValue = "${env:" + LocalRedis.URI_ENVIRONMENT_VARIABLE + ":-" + LocalRedis.DEFAULT_URI + "}", paramLabel = "URI",
            description = "Redis: redis://[:password@]host:port[/db], rediss:// for TLS"
                    + " (default: $" + LocalRedis.URI_ENVIRONMENT_VARIABLE + ", else " + LocalRedis.DEFAULT_URI + ")")
    public String uri;

    @Option(names = "--redis-prefix", defaultValue = SnapshotKeys.DEFAULT_PREFIX,
            description = "prefix of every Redis key of this model (default: ${DEFAULT-VALUE})")
    public String prefix;

    public SnapshotKeys snapshotKeys() {
        return new SnapshotKeys(prefix);
    }

    public PredictionKeys predictionKeys() {
        return new PredictionKeys(prefix);
    }
}
