package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.embedded.LocalFlink;
import dev.autoloss.jobs.embedded.LocalRedis;
import dev.autoloss.jobs.kafka.EventProducers;
import dev.autoloss.jobs.kafka.Topics;
import dev.autoloss.jobs.replay.BadLinePolicy;
import dev.autoloss.jobs.report.Report;
import dev.autoloss.jobs.replay.GeneratedLines;
import dev.autoloss.jobs.replay.ReplayReport;
import dev.autoloss.jobs.replay.Replayer;
import dev.autoloss.jobs.replay.TimeSpread;
import dev.autoloss.jobs.serve.PredictionRecord;
import dev.autoloss.jobs.serve.PredictionStore;
import dev.autoloss.jobs.serve.ScoreJob;
import dev.autoloss.jobs.serve.RedisServerOptions;
import dev.autoloss.jobs.serve.ScoreOptions;
import dev.autoloss.jobs.serve.StatusReport;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.train.TrainJob;
import dev.autoloss.jobs.train.TrainOptions;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.jobs.train.TrainerSettingOptions;
import dev.autoloss.jobs.train.TrainingStatus;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.RecordReader;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.train.TrainerConfig;
import dev.autoloss.model.train.TrainerSettings;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autoloss demo}: the whole system on one machine with nothing installed but Java (and Redis, which it
 * finds or starts): an embedded Kafka broker, a local Redis, a local Flink MiniCluster. Replays the generator (or a
 * file) into Kafka, runs the train job over it, shows the published versions and training figures, then scores a few
 * requests through the score job and reads the predictions back from Redis.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the system end to end on embedded defaults: embedded Kafka, a local Redis (--redis or $REDIS_URL,",
                "else 127.0.0.1:6379 when it answers, else a redis-server started here) and a local Flink MiniCluster.",
                "Replays generated Criteo-format events (or --data), trains on them, publishes model versions to Redis,",
                "prints the training figures, then scores a few requests through the score job and prints the served predictions."})
public final class DemoCommand implements Callable<Integer> {

    private static final String EVENTS_TOPIC = "events";
    private static final String REQUESTS_TOPIC = "requests";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /** Every demo starts anew (its Kafka broker is new): checkpoints an earlier one left (killed) are deleted, not resumed. */
    private static final Path REPORT_DIR = Path.of(System.getProperty("java.io.tmpdir"), "autoloss-demo", "report");
    private static final String CHECKPOINT_DIR = "file://" + System.getProperty("java.io.tmpdir") + "/autoloss-demo/checkpoints";

    @Option(names = "--data", paramLabel = "FILE", description = "replay this file instead of generated events (.gz ok; ml100k: the folder)")
    Path data;

    @Option(names = "--format", defaultValue = "criteo", converter = NamedOptions.Formats.class, completionCandidates = NamedOptions.Formats.class,
            description = "format of --data: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--events", defaultValue = "100000", paramLabel = "N", description = "events to replay (default: ${DEFAULT-VALUE})")
    long events;

    /**
     * Tuned to show learning within its 100,000 events in about a minute on a laptop: a smaller table than a job's, and a
     * 10x learning rate with half the batch, which reach a prequential AUC near 0.75 where the job's defaults stay near 0.52.
     */
    @Mixin
    TrainerSettingOptions trainer = new TrainerSettingOptions().withDefault(TrainerSettings.TABLE_ROWS, 262_144)
            .withDefault(TrainerSettings.LEARNING_RATE, 0.01).withDefault(TrainerSettings.BATCH_SIZE, 1000);

    @Option(names = "--requests", defaultValue = "5", description = "requests scored through the score job at the end (default: ${DEFAULT-VALUE})")
    int requests;

    @Mixin
    RedisServerOptions redisServer;

    @Option(names = "--redis-prefix", defaultValue = "autoloss-demo", description = "prefix of the demo's Redis keys (default: ${DEFAULT-VALUE})")
    String redisPrefix;

    @Option(names = "--web-ui", arity = "0..1", fallbackValue = "8081", paramLabel = "PORT",
            description = "serve Flink's web UI on this port while the jobs run (default port when given alone: ${FALLBACK-VALUE})")
    Integer webUi;

    @Option(names = "--verbose", description = "print the stack trace of a failure")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (events <= 0) {
            throw new IllegalArgumentException("--events must be positive, got " + events);
        }
        Format source = data == null ? Format.CRITEO : format;
        out.println("== starting the embedded defaults");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); LocalRedis redis = LocalRedis.resolve(redisServer)) {
            out.printf("Kafka broker  %s (embedded, KRaft)%nRedis         %s%s%n", kafka.bootstrapServers(), redis.address(),
                    redis.startedByUs() ? " (started here, stopped at exit)" : "");
            LogFile.path().ifPresent(log -> out.printf("Log           %s (Flink's, Kafka's and TensorFlow's notes and warnings)%n", log));
            Topics.ensure(kafka.cluster(), EVENTS_TOPIC, 2, Map.of());
            clearDemoKeys(redis.address());
            FileUtils.deleteDirectoryQuietly(new File(URI.create(CHECKPOINT_DIR)));

            out.printf("%n== replaying %s into Kafka topic '%s'%n", data == null ? "generated Criteo-format events" : data, EVENTS_TOPIC);
            ReplayReport replay = replay(kafka, source);
            replay.badLines().print(System.err);
            out.println(replay.summary(EVENTS_TOPIC));

            TrainOptions train = trainOptions(kafka.bootstrapServers(), redis.address(), source);
            TrainerConfig trained = TrainerFactory.config(train);
            out.printf("%n== training %s with %s on a local Flink MiniCluster (bounded: ends at the end of the topic)%n",
                    trained.model().cliName(), trained.method().cliName());
            runWithProgress(train, replay.sent());
            out.printf("%n== what the train job published (%s)%n", redis.address());
            try (RedisEndpoint endpoint = RedisEndpoint.connect(redis.address())) {
                StatusReport.read(endpoint, train.storeSettings().keys()).lines(System.currentTimeMillis()).forEach(out::println);
            }

            if (requests > 0) {
                out.printf("%n== scoring %d requests through the score job (Kafka topic '%s' -> Redis)%n", requests, REQUESTS_TOPIC);
                score(kafka, redis.address(), source);
            }
            Path charts = Report.into(REPORT_DIR).addLiveJob(redis.address(), train.storeSettings().keys()).writeIndex();
            out.printf("%nCharts of the training run (./autoloss report): %s%n", charts);
            if (!redis.startedByUs()) {
                out.printf("%nThe keys stay in %s under '%s:': try './autoloss status --redis-prefix %s'.%n", redis.address(), redisPrefix, redisPrefix);
            }
        }
        return 0;
    }

    private ReplayReport replay(EmbeddedKafka kafka, Format source) throws Exception {
        Schema schema = Schema.of(source);
        Replayer.Options options = new Replayer.Options(EVENTS_TOPIC, events, 0, TimeSpread.endingNow(TimeSpread.DEFAULT_SPAN, events), BadLinePolicy.SKIP);
        try (KafkaProducer<String, String> producer = EventProducers.open(kafka.cluster());
             ProgressBar bar = progressBar("replay", events);
             RecordReader reader = data == null ? null : RecordReader.open(source, data)) {
            Iterator<RawRecord> lines = reader != null ? reader : generated(events);
            return new Replayer(producer, new ExampleParser(schema, schema.defaultTask()), options).replay(lines, bar::stepTo);
        }
    }

    private TrainOptions trainOptions(String bootstrap, RedisAddress redis, Format source) {
        List<String> flags = new ArrayList<>(List.of("--bootstrap", bootstrap, "--topic", EVENTS_TOPIC, "--bounded", "--format", source.cliName(),
                "--redis-prefix", redisPrefix, "--status-interval", "1s", "--checkpoint-dir", CHECKPOINT_DIR));
        flags.addAll(trainer.asArgs());
        TrainOptions options = TrainOptions.parse(flags.toArray(String[]::new));
        options.redis.server.use(redis);
        return options;
    }

    /** Runs the train job, printing one line every few seconds from the status record it keeps in Redis. */
    private void runWithProgress(TrainOptions train, long expected) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.local(2, webUi == null ? OptionalInt.empty() : OptionalInt.of(webUi));
        if (webUi != null) {
            out.printf("Flink web UI  http://127.0.0.1:%d%n", webUi);
        }
        TrainJob.build(env, train);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "demo-progress"));
        try (RedisEndpoint endpoint = RedisEndpoint.connect(train.redis.address())) {
            long start = System.nanoTime();
            progress.scheduleAtFixedRate(() -> printProgress(endpoint, train, expected, start),
                    PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            env.execute(TrainJob.jobName(train));
        } finally {
            progress.shutdownNow();
            progress.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void printProgress(RedisEndpoint endpoint, TrainOptions train, long expected, long startNanos) {
        Optional<TrainingStatus> read = TrainingStatus.read(endpoint, train.storeSettings().keys());
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        if (read.isEmpty()) {
            out.printf("  %5.0f s  starting (compiling the TensorFlow graph, restoring nothing)%n", elapsed);
            return;
        }
        TrainingStatus status = read.get();
        long seen = status.eventsTrained() + status.validationEvents() + status.rejected();
        double rate = status.eventsPerSecond();
        String eta = rate > 0 && seen < expected ? String.format("ETA %.0f s", (expected - seen) / rate) : "";
        out.printf("  %5.0f s  %,d of %,d events (%,d trained, %,d validation)  %,.0f events/s  version %d  prequential AUC %s  %s%n",
                elapsed, seen, expected, status.eventsTrained(), status.validationEvents(), rate, status.modelVersion(),
                status.prequential().auc() == null ? "-" : String.format("%.4f", status.prequential().auc()), eta);
    }

    /** Sends the first few event lines as requests (the score job ignores their labels), runs the score job, reads Redis. */
    private void score(EmbeddedKafka kafka, RedisAddress redis, Format source) throws Exception {
        Topics.ensure(kafka.cluster(), REQUESTS_TOPIC, 1, Map.of());
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, String> producer = EventProducers.open(kafka.cluster());
             RecordReader reader = data == null ? null : RecordReader.open(source, data)) {
            Iterator<RawRecord> lines = reader != null ? reader : generated(requests);
            for (int i = 0; i < requests && lines.hasNext(); i++) {
                String id = "demo-request-" + (i + 1);
                producer.send(new ProducerRecord<>(REQUESTS_TOPIC, id, lines.next().line()));
                ids.add(id);
            }
        }
        ScoreOptions options = ScoreOptions.parse("--bootstrap", kafka.bootstrapServers(), "--topic", REQUESTS_TOPIC, "--bounded",
                "--format", source.cliName(), "--redis-prefix", redisPrefix, "--checkpoint-dir", CHECKPOINT_DIR);
        options.redis.server.use(redis);
        ScoreJob.run(LocalFlink.local(1, OptionalInt.empty()), options);
        try (RedisEndpoint endpoint = RedisEndpoint.connect(redis)) {
            PredictionStore store = new PredictionStore(endpoint, options.redis.predictionKeys());
            for (String id : ids) {
                out.printf("%s  %s%n", store.keys().prediction(id),
                        store.read(id).map(PredictionRecord::toJson).orElse("absent"));
            }
        }
    }

    /** A demo starts from nothing: the versions and status of an earlier demo under the same prefix go. */
    private void clearDemoKeys(RedisAddress redis) {
        try (RedisEndpoint endpoint = RedisEndpoint.connect(redis)) {
            long removed = endpoint.deleteKeysUnder(redisPrefix);
            if (removed > 0) {
                out.printf("removed %d keys of an earlier demo under '%s:'%n", removed, redisPrefix);
            }
        }
    }

    private static Iterator<RawRecord> generated(long count) {
        return new GeneratedLines(GeneratorConfig.defaults(), count);
    }

    private static ProgressBar progressBar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setUnit(" events", 1).showSpeed().setInitialMax(max).build();
    }
}
