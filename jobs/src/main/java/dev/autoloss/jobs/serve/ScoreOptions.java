package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.cli.DurationConverter;
import dev.autoloss.jobs.cli.NamedOptions;
import dev.autoloss.jobs.resume.RecoveryOptions;
import dev.autoloss.jobs.kafka.KafkaSourceOptions;
import dev.autoloss.model.features.Format;
import java.io.Serializable;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every setting of the score job, declared once: for {@code autoloss score}, for {@link ScoreJob#main} on a
 * real cluster and for tests ({@link #parse}).
 */
public final class ScoreOptions implements Serializable {

    // --- Kafka
    @Mixin
    public KafkaSourceOptions source = new KafkaSourceOptions();

    @Option(names = "--topic", defaultValue = "requests", description = "topic of scoring requests: key = request id, value = an example line with an empty label field (default: ${DEFAULT-VALUE})")
    public String topic;

    @Option(names = "--group-id", defaultValue = "autoloss-score", description = "Kafka consumer group (default: ${DEFAULT-VALUE})")
    public String groupId;

    @Option(names = "--format", defaultValue = "criteo", converter = NamedOptions.Formats.class, completionCandidates = NamedOptions.Formats.class,
            description = "format of the request lines: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    public Format format;

    // --- scoring
    @Option(names = "--batch-size", defaultValue = "100", description = "most requests scored together (default: ${DEFAULT-VALUE})")
    public int batchSize;

    @Option(names = "--batch-delay", defaultValue = "5ms", converter = DurationConverter.class,
            description = "longest a request waits for others to fill its batch (default: ${DEFAULT-VALUE})")
    public Duration batchDelay;

    @Option(names = "--poll-interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "how often to check for a new model version when no announcement came (default: ${DEFAULT-VALUE})")
    public Duration pollInterval;

    @Option(names = "--model-wait", defaultValue = "60s", converter = DurationConverter.class,
            description = "how long a starting instance waits for a first model version; requests then get NO_MODEL errors (default: ${DEFAULT-VALUE})")
    public Duration modelWait;

    // --- Redis
    @Mixin
    public RedisOptions redis = new RedisOptions();

    @Option(names = "--prediction-ttl", defaultValue = "1d", converter = DurationConverter.class,
            description = "how long a served prediction stays readable (default: ${DEFAULT-VALUE})")
    public Duration predictionTtl;

    // --- Flink
    @Option(names = "--parallelism", defaultValue = "1", description = "parallel scoring instances, each with its own copy of the model (default: ${DEFAULT-VALUE})")
    public int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "10s", converter = DurationConverter.class,
            description = "time between checkpoints; requests before a checkpoint are stored in Redis before it completes (default: ${DEFAULT-VALUE})")
    public Duration checkpointInterval;

    @Mixin
    public RecoveryOptions recovery = new RecoveryOptions();

    @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "a running Flink cluster's JobManager (REST address) to submit to; default: a local MiniCluster")
    public String cluster;

    /** Parses flags the way the command line does; throws {@link CommandLine.ParameterException} on a bad one. */
    public static ScoreOptions parse(String... args) {
        ScoreOptions options = new ScoreOptions();
        new CommandLine(options).parseArgs(args);
        return options.validated();
    }

    /** Checks every setting; the error names the flag. */
    public ScoreOptions validated() {
        redis.snapshotKeys();
        redis.address(); // the password and CA files are read here, on the client; the job carries what they hold
        source.client.properties(); // and so is the Kafka properties file
        requirePositive("--batch-size", batchSize);
        requirePositive("--parallelism", parallelism);
        requirePositive("--batch-delay (ms)", batchDelay.toMillis());
        requirePositive("--poll-interval (ms)", pollInterval.toMillis());
        requirePositive("--prediction-ttl (ms)", predictionTtl.toMillis());
        requirePositive("--checkpoint-interval (ms)", checkpointInterval.toMillis());
        return this;
    }

    private static void requirePositive(String flag, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be positive, got " + value);
        }
    }
}
