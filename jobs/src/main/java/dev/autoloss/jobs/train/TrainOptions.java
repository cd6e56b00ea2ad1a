package dev.autoloss.jobs.train;

import dev.autoloss.jobs.cli.ControllerFileConverter;
import dev.autoloss.jobs.cli.DurationConverter;
import dev.autoloss.jobs.cli.NamedOptions;
import dev.autoloss.jobs.resume.RecoveryOptions;
import dev.autoloss.jobs.kafka.KafkaCluster;
import dev.autoloss.jobs.kafka.KafkaSourceOptions;
import dev.autoloss.jobs.serve.RedisOptions;
import dev.autoloss.jobs.snapshot.StoreSettings;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.train.ControllerFile;
import dev.autoloss.model.train.TrainerConfig;
import dev.autoloss.model.train.TrainerSettings;
import java.io.Serializable;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every setting of the train job, declared once: the flag, its default and its help text are here, for
 * {@code autoloss train}, for {@link TrainJob#main} on a real cluster and for tests
 * ({@link #parse}). Durations are written {@code 500ms}, {@code 10s}, {@code 5m}.
 */
public final class TrainOptions implements Serializable {

    /** Defaults that {@code bench scale} mirrors, so that it measures what the job does. */
    public static final String DEFAULT_VALIDATION_SHARE = "0.1";
    public static final String DEFAULT_PREQUENTIAL_SAMPLE = "0.25";
    public static final String DEFAULT_CHECKPOINT_INTERVAL = "2s";

    // --- Kafka
    @Mixin
    public KafkaSourceOptions source = new KafkaSourceOptions();

    @Option(names = "--topic", defaultValue = "events", description = "topic of event lines, as replay writes them (default: ${DEFAULT-VALUE})")
    public String topic;

    @Option(names = "--group-id", defaultValue = "autoloss-train", description = "Kafka consumer group; offsets live in Flink checkpoints (default: ${DEFAULT-VALUE})")
    public String groupId;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", description = "where malformed events go with their reason (default: TOPIC-rejected)")
    public String deadLetterTopic;

    @Option(names = "--format", defaultValue = "criteo", converter = NamedOptions.Formats.class, completionCandidates = NamedOptions.Formats.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    public Format format;

    @Option(names = "--task", converter = NamedOptions.Tasks.class, completionCandidates = NamedOptions.Tasks.class,
            description = "${COMPLETION-CANDIDATES} (default: the format's own)")
    public Task task;

    // --- split and batches
    @Option(names = "--validation-share", defaultValue = DEFAULT_VALIDATION_SHARE, description = "share of events held out for the controller and validation metrics, by a hash of the event id (default: ${DEFAULT-VALUE})")
    public double validationShare;

    @Option(names = "--validation-buffer", defaultValue = "20000", description = "most recent validation events kept for controller steps (default: ${DEFAULT-VALUE})")
    public int validationBuffer;

    @Option(names = "--train-on-validation", description = "also train on validation events once a controller step has used them (off: the paper's hold-out)")
    public boolean trainOnValidation;

    @Option(names = "--prequential-sample", defaultValue = DEFAULT_PREQUENTIAL_SAMPLE, description = "share of each training batch scored before the step for the prequential metrics, in the step's own run; scoring costs an inference-mode forward pass (default: ${DEFAULT-VALUE})")
    public double prequentialSample;

    @Option(names = "--metrics-window", defaultValue = "100000", description = "events in the sliding windows of prequential and validation AUC/log-loss (default: ${DEFAULT-VALUE})")
    public int metricsWindow;

    // --- trainer: a flag for each declared trainer setting
    @Mixin
    public TrainerSettingOptions trainer = new TrainerSettingOptions().withDefault(TrainerSettings.SEED, 42L);

    // --- the transfer study: a controller searched elsewhere, frozen; or this run's, kept
    @Option(names = "--controller", paramLabel = "FILE", converter = ControllerFileConverter.class,
            description = "train with this saved loss controller (from --save-controller of train or experiment) loaded and frozen: "
                    + "the method learns no loss weights but uses it; its task, candidates and controller shape must match. Read where the command runs")
    public ControllerFile controller;

    @Option(names = "--save-controller", paramLabel = "FILE",
            description = "with --bounded: write the loss controller to this file when the run reaches the end of the topic"
                    + " (written by the trainer, so on a cluster a path the TaskManager can write)")
    public String saveController;

    // --- Flink
    @Option(names = "--parallelism", defaultValue = "0", description = "parallel instances of parsing and hashing; the trainer is one instance (default: Flink's)")
    public int parallelism;

    @Option(names = "--trainers", defaultValue = "1", paramLabel = "N",
            description = "trainers, each a replica of the model trained on its share of the events in batches of batch-size/N, one per task slot;"
                    + " their deltas are merged into the one published model at each checkpoint (default: ${DEFAULT-VALUE})")
    public int trainers;

    @Option(names = "--trainer-delta-topic", paramLabel = "TOPIC", description = "with several trainers: the topic through which they send each other"
            + " their deltas, one partition each (default: GROUP-ID-trainer-deltas)")
    String trainerDeltaTopic;

    @Option(names = "--checkpoint-interval", defaultValue = DEFAULT_CHECKPOINT_INTERVAL, converter = DurationConverter.class, description = "time between checkpoints, and so between published versions (default: ${DEFAULT-VALUE})")
    public Duration checkpointInterval;

    @Mixin
    public RecoveryOptions recovery = new RecoveryOptions();

    @Option(names = "--fresh", description = "start a new model: delete this job's checkpoints and publish over the model the Redis prefix holds"
            + " (without it, a job with neither checkpoint nor savepoint refuses to replace a published model)")
    public boolean fresh;

    @Option(names = "--resume-from-redis", description = "when this job has no checkpoint left, go on training the model from the newest full version"
            + " the Redis prefix holds, reading Kafka from the offsets that version had not yet trained")
    public boolean resumeFromRedis;

    @Option(names = "--state-backend", defaultValue = "hashmap", description = "hashmap or rocksdb (default: ${DEFAULT-VALUE})")
    public String stateBackend;

    @Option(names = "--restart-attempts", defaultValue = "3", description = "restarts from the last checkpoint after a failure before the job fails (default: ${DEFAULT-VALUE})")
    public int restartAttempts;

    // --- Redis, for snapshots and status
    @Mixin
    public RedisOptions redis = new RedisOptions();

    @Option(names = "--keep-versions", defaultValue = "" + StoreSettings.DEFAULT_KEEP_VERSIONS, description = "snapshot versions kept in Redis (default: ${DEFAULT-VALUE})")
    public int keepVersions;

    @Option(names = "--chunk-bytes", defaultValue = "" + StoreSettings.DEFAULT_CHUNK_BYTES, description = "largest Redis value of a snapshot chunk (default: ${DEFAULT-VALUE})")
    public int chunkBytes;

    @Option(names = "--publish-every", defaultValue = "1", paramLabel = "CHECKPOINTS", description = "versions are published from completed checkpoints: at most every N-th one (default: ${DEFAULT-VALUE})")
    public int publishEvery;

    @Option(names = "--publish-every-steps", defaultValue = "1", paramLabel = "STEPS", description = "and at least this many training steps apart (default: ${DEFAULT-VALUE})")
    public long publishEverySteps;

    @Option(names = "--publish-interval", defaultValue = "0s", converter = DurationConverter.class, description = "and at least this long apart (default: ${DEFAULT-VALUE}: every checkpoint)")
    public Duration publishInterval;

    @Option(names = "--full-every", defaultValue = "100", paramLabel = "VERSIONS", description = "every N-th version is a full snapshot (the whole trainer state, about 200 MB at 2^20 rows), the others small deltas on the last full one (default: ${DEFAULT-VALUE})")
    public int fullEvery;

    // --- operations
    @Option(names = "--status-interval", defaultValue = "10s", converter = DurationConverter.class, description = "time between summary log lines and status records (default: ${DEFAULT-VALUE})")
    public Duration statusInterval;

    @Option(names = "--inject-failure-at-step", defaultValue = "0", paramLabel = "STEP", description = "resilience testing: throw once, in the first run, before this training step (default: off)")
    public long injectFailureAtStep;

    /** Parses flags the way the command line does; throws {@link CommandLine.ParameterException} on a bad one. */
    public static TrainOptions parse(String... args) {
        TrainOptions options = new TrainOptions();
        new CommandLine(options).parseArgs(args);
        return options.validated();
    }

    /** Checks every setting; the error names the flag. */
    public TrainOptions validated() {
        if (fresh && resumeFromRedis) {
            throw new IllegalArgumentException("--fresh starts a new model, --resume-from-redis the published one: give one of them");
        }
        Schema.of(format).requireTask(task());
        new ValidationSplit(validationShare);
        requirePositive("--validation-buffer", validationBuffer);
        requirePositive("--metrics-window", metricsWindow);
        if (!(prequentialSample > 0 && prequentialSample <= 1)) {
            throw new IllegalArgumentException("--prequential-sample must be in (0, 1], got " + prequentialSample);
        }
        requirePositive("--publish-every", publishEvery);
        requirePositive("--publish-every-steps", publishEverySteps);
        requireNonNegative("--publish-interval (ms)", publishInterval.toMillis());
        requirePositive("--full-every", fullEvery);
        requirePositive("--checkpoint-interval (ms)", checkpointInterval.toMillis());
        requirePositive("--status-interval (ms)", statusInterval.toMillis());
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            throw new IllegalArgumentException("--state-backend must be hashmap or rocksdb, got '" + stateBackend + "'");
        }
        storeSettings();
        redis.address(); // the password and CA files are read here, on the client; the job carries what they hold
        source.client.properties(); // and so is the Kafka properties file
        requirePositive("--trainers", trainers);
        TrainerConfig config = TrainerFactory.config(this); // every trainer setting and their fit to the task, errors naming the flag
        if (controller != null) {
            controller.requireFits(config);
        }
        if (controller != null && resumeFromRedis) {
            throw new IllegalArgumentException("--controller puts a saved controller into a new model; --resume-from-redis goes on with the"
                    + " published model and its own controller: give one of them");
        }
        if (trainers > 1 && resumeFromRedis) {
            throw new IllegalArgumentException("--resume-from-redis needs --trainers 1: several trainers start afresh (--fresh) or from their own checkpoints");
        }
        if (saveController != null && !source.bounded) {
            throw new IllegalArgumentException("--save-controller writes the controller when a bounded run ends: add --bounded");
        }
        if (saveController != null && !config.method().learnsWeights()) {
            throw new IllegalArgumentException("--save-controller: method " + config.method().cliName() + " learns no loss weights to save");
        }
        return this;
    }

    public Task task() {
        return task == null ? Schema.of(format).defaultTask() : task;
    }

    /** The Kafka cluster as this job's clients reach it (bootstrap servers and passed-through properties). */
    public KafkaCluster kafka() {
        return source.cluster();
    }

    public String deadLetterTopic() {
        return deadLetterTopic == null ? topic + "-rejected" : deadLetterTopic;
    }

    public String trainerDeltaTopic() {
        return trainerDeltaTopic == null ? groupId + "-trainer-deltas" : trainerDeltaTopic;
    }

    public StoreSettings storeSettings() {
        return StoreSettings.defaults(redis.prefix).withChunkBytes(chunkBytes).withKeepVersions(keepVersions);
    }

    private static void requirePositive(String flag, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be positive, got " + value);
        }
    }

    private static void requireNonNegative(String flag, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(flag + " must not be negative, got " + value);
        }
    }
}
