package dev.autoloss.jobs.bench;

import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.embedded.LocalFlink;
import dev.autoloss.jobs.replay.Pacer;
import dev.autoloss.jobs.serve.ModelFollower;
import dev.autoloss.jobs.serve.PredictionRecord;
import dev.autoloss.jobs.serve.PredictionStore;
import dev.autoloss.jobs.serve.PublishedModel;
import dev.autoloss.jobs.serve.RedisOptions;
import dev.autoloss.jobs.serve.ScoreJob;
import dev.autoloss.jobs.serve.ScoreOptions;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.SnapshotPayload;
import dev.autoloss.jobs.snapshot.StoreSettings;
import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import dev.autoloss.jobs.train.TrainOptions;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.model.train.Trainer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code bench serve}: predictor latency (p50/p99, single examples and batches of 100) with a DeepFM of
 * the default size restored from Redis; the p99 of single-example scoring while new versions keep
 * arriving next to the p99 without; and the score job's throughput (requests/s from Kafka into Redis) on
 * a local MiniCluster, and the time from a request's append to Kafka until its prediction is readable in Redis at a
 * steady request rate. Everything runs under a fresh key prefix, deleted at the end.
 */
public final class ServeBenchmark {

    /**
     * @param trainerFlags    trainer settings of the served model, as flags (DeepFM with autoloss; the rest the defaults)
     * @param phaseSeconds    length of each timed latency phase
     * @param swapEvery       time between new versions during the swap phase
     * @param jobRequests     requests sent through the score job
     * @param jobParallelism  parallel instances of the score job
     * @param requestRate     requests per second of the request-to-prediction phase (phaseSeconds long)
     */
    public record Settings(List<String> trainerFlags, double phaseSeconds, Duration swapEvery, int jobRequests, int jobParallelism,
                           double requestRate) {}

    /**
     * The figures.
     *
     * @param singleP50Millis / singleP99Millis   latency of scoring one example
     * @param batchP50Millis / batchP99Millis     latency of scoring 100 examples together
     * @param steadyP99Millis                     single-example p99 with no new version arriving
     * @param swapP99Millis                       single-example p99 while versions were loaded and swapped
     * @param swaps                               versions swapped in during that phase
     * @param meanLoadMillis                      mean time to read, verify and restore a version
     * @param snapshotBytes                       size of one version
     * @param jobRequestsPerSecond                score-job throughput between its first and last stored record
     * @param jobWallSeconds                      the whole bounded job run, start-up included
     * @param requestRate                         requests/s sent to a running score job for the next two figures
     * @param requestToPredictionP50Millis / requestToPredictionP99Millis  time from a request's send to Kafka (no linger:
     *                                            appended within its round trip) until its prediction is readable in Redis
     */
    public record Result(double singleP50Millis, double singleP99Millis, double batchP50Millis, double batchP99Millis,
                         double steadyP99Millis, double swapP99Millis, long swaps, double meanLoadMillis, long snapshotBytes,
                         double jobRequestsPerSecond, double jobWallSeconds, int jobRequests,
                         double requestRate, double requestToPredictionP50Millis, double requestToPredictionP99Millis) {

        /** The figures as the command prints them, with the table size and the score job's parallelism they were measured at. */
        public void print(PrintWriter out, int tableRows, int jobParallelism) {
            out.printf(Locale.ROOT, "Serving: DeepFM (autoloss), %,d-row table, version of %.1f MiB, %d core(s)%n",
                    tableRows, snapshotBytes / (1024.0 * 1024), Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "predictor latency, 1 example:    p50 %7.3f ms   p99 %7.3f ms%n", singleP50Millis, singleP99Millis);
            out.printf(Locale.ROOT, "predictor latency, %d examples: p50 %7.3f ms   p99 %7.3f ms%n", BATCH, batchP50Millis, batchP99Millis);
            out.printf(Locale.ROOT, "p99 of 1 example, no swap:      %7.3f ms%n", steadyP99Millis);
            out.printf(Locale.ROOT, "p99 of 1 example, during swaps: %7.3f ms (%.2fx; %d versions swapped in, %.0f ms each to load)%n",
                    swapP99Millis, swapP99Millis / steadyP99Millis, swaps, meanLoadMillis);
            out.printf(Locale.ROOT, "score job: %,.0f requests/s into Redis (%,d requests, parallelism %d; %.1f s with job start-up)%n",
                    jobRequestsPerSecond, jobRequests, jobParallelism, jobWallSeconds);
            out.printf(Locale.ROOT, "request to prediction at %,.0f requests/s: p50 %7.1f ms   p99 %7.1f ms (Kafka append -> readable in Redis)%n",
                    requestRate, requestToPredictionP50Millis, requestToPredictionP99Millis);
        }
    }

    static final int BATCH = 100;
    private static final int TRAINING_BATCHES = 5;
    private static final int TRAINING_BATCH_SIZE = 2000;
    private static final int WARMUP_CALLS = 200;

    private final Settings settings;
    private final RedisAddress redisAddress;
    private final PrintWriter log;

    public ServeBenchmark(Settings settings, RedisAddress redisAddress, PrintWriter log) {
        this.settings = settings;
        this.redisAddress = redisAddress;
        this.log = log;
    }

    public Result run() throws Exception {
        RedisOptions redis = new RedisOptions();
        redis.server.use(redisAddress);
        redis.prefix = "autoloss-bench:" + UUID.randomUUID();
        CriteoGenerator generator = new CriteoGenerator(GeneratorConfig.defaults().withSeed(7));
        try (RedisEndpoint connection = RedisEndpoint.connect(redisAddress)) {
            try {
                return measure(redis, connection, generator);
            } finally {
                connection.deleteKeysUnder(redis.prefix);
            }
        }
    }

    private Result measure(RedisOptions redis, RedisEndpoint connection, CriteoGenerator generator) throws Exception {
        List<String> flags = new ArrayList<>(List.of("--format", "criteo", "--model", "deepfm", "--method", "autoloss"));
        flags.addAll(settings.trainerFlags());
        TrainOptions trained = TrainOptions.parse(flags.toArray(String[]::new));
        Map<String, String> meta = TrainerFactory.meta(trained);
        byte[] state = trainedState(trained, generator);
        RedisSnapshotStore store = new RedisSnapshotStore(connection, StoreSettings.defaults(redis.prefix).withKeepVersions(2));
        long version = 1;
        store.publish(SnapshotPayload.full(version, state, meta));
        List<Example> examples = parse(generator, 5_000);

        double[] single;
        double[] batch;
        LatencySamples steady;
        LatencySamples swapping = new LatencySamples();
        long swaps;
        double meanLoad;
        try (ModelFollower follower = PublishedModel.follow(redis, Format.CRITEO, ModelFollower.DEFAULT_POLL_INTERVAL)) {
            PublishedModel.awaitFirst(follower, redis, Duration.ofMinutes(2));
            log.printf("version of %,d bytes loaded in %d ms; timing single examples and batches of %d ...%n", state.length,
                    follower.lastLoadTime().toMillis(), BATCH);
            log.flush();
            single = percentiles(timeCalls(follower, examples, 1, settings.phaseSeconds() / 2));
            batch = percentiles(timeCalls(follower, examples, BATCH, settings.phaseSeconds() / 2));
            log.printf("single-example p99 for %.0f s without, then with a new version every %d ms ...%n",
                    settings.phaseSeconds(), settings.swapEvery().toMillis());
            log.flush();
            steady = timeCalls(follower, examples, 1, settings.phaseSeconds());
            long loadsBefore = follower.loads();
            AtomicBoolean scoring = new AtomicBoolean(true);
            Thread scorer = new Thread(() -> timeCallsWhile(follower, examples, scoring, swapping), "bench-scorer");
            scorer.start();
            long phaseEnd = System.nanoTime() + (long) (settings.phaseSeconds() * 1e9);
            long loadNanos = 0;
            while (System.nanoTime() < phaseEnd) {
                store.publish(SnapshotPayload.full(++version, state, meta));
                long published = System.nanoTime();
                follower.awaitVersion(version, Duration.ofMinutes(1));
                loadNanos += follower.lastLoadTime().toNanos();
                Thread.sleep(Math.max(0, settings.swapEvery().toMillis() - (System.nanoTime() - published) / 1_000_000));
            }
            scoring.set(false);
            scorer.join();
            swaps = follower.loads() - loadsBefore;
            meanLoad = swaps == 0 ? Double.NaN : loadNanos / 1e6 / swaps;
        }
        log.printf("score job: %,d requests through embedded Kafka, a MiniCluster (parallelism %d) and Redis ...%n",
                settings.jobRequests(), settings.jobParallelism());
        log.flush();
        double[] job;
        LatencySamples requestToPrediction;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            job = scoreJobThroughput(kafka, redis, connection, generator);
            log.printf("request to prediction: %,.0f requests/s for %.0f s into a running score job ...%n", settings.requestRate(),
                    settings.phaseSeconds());
            log.flush();
            requestToPrediction = requestToPrediction(kafka, redis, generator);
        }
        return new Result(single[0], single[1], batch[0], batch[1], steady.percentileMillis(99), swapping.percentileMillis(99),
                swaps, meanLoad, state.length, job[0], job[1], settings.jobRequests(),
                settings.requestRate(), requestToPrediction.percentileMillis(50), requestToPrediction.percentileMillis(99));
    }

    /** A default-sized DeepFM trained on a few generated batches, so the weights are not the initial ones. */
    private byte[] trainedState(TrainOptions trained, CriteoGenerator generator) throws BadRecordException {
        try (Trainer trainer = TrainerFactory.create(trained)) {
            for (int i = 0; i < TRAINING_BATCHES; i++) {
                trainer.train(parse(generator, TRAINING_BATCH_SIZE));
            }
            return trainer.saveState();
        }
    }

    private static List<Example> parse(CriteoGenerator generator, int count) throws BadRecordException {
        ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Schema.of(Format.CRITEO).defaultTask());
        List<Example> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            examples.add(parser.parse(new RawRecord("generated", i + 1, generator.nextLine())));
        }
        return examples;
    }

    private static LatencySamples timeCalls(ModelFollower follower, List<Example> examples, int size, double seconds) {
        for (int i = 0; i < WARMUP_CALLS; i++) {
            follower.score(slice(examples, i, size));
        }
        LatencySamples samples = new LatencySamples();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int i = 0; System.nanoTime() < end; i++) {
            List<Example> call = slice(examples, i, size);
            long start = System.nanoTime();
            follower.score(call);
            samples.add(System.nanoTime() - start);
        }
        return samples;
    }

    private static void timeCallsWhile(ModelFollower follower, List<Example> examples, AtomicBoolean running, LatencySamples samples) {
        for (int i = 0; running.get(); i++) {
            List<Example> call = slice(examples, i, 1);
            long start = System.nanoTime();
            follower.score(call);
            samples.add(System.nanoTime() - start);
        }
    }

    private static List<Example> slice(List<Example> examples, int call, int size) {
        int from = (call * size) % (examples.size() - size);
        return examples.subList(from, from + size);
    }

    private static double[] percentiles(LatencySamples samples) {
        return new double[] {samples.percentileMillis(50), samples.percentileMillis(99)};
    }

    /** {requests/s between the first and the last stored record, wall seconds of the whole run}. */
    private double[] scoreJobThroughput(EmbeddedKafka kafka, RedisOptions redis, RedisEndpoint connection, CriteoGenerator generator)
            throws Exception {
        int n = settings.jobRequests();
        kafka.createTopic("requests", settings.jobParallelism());
        try (KafkaProducer<String, String> producer = producer(kafka, 5)) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>("requests", "bench-" + i, requestLine(generator)));
            }
        }
        long started = System.nanoTime();
        ScoreJob.run(LocalFlink.local(settings.jobParallelism(), OptionalInt.empty()), scoreOptions(kafka, redis, "requests", true));
        double wall = (System.nanoTime() - started) / 1e9;
        long[] span = scoredSpan(new PredictionStore(connection, redis.predictionKeys()), n);
        return new double[] {n * 1000.0 / Math.max(1, span[1] - span[0]), wall};
    }

    /**
     * Requests at the set rate for the phase's length into a topic that an unbounded score job reads, once the job has
     * served a first request (so its start and the model's load are not timed); the latency of each until Redis has it.
     */
    private LatencySamples requestToPrediction(EmbeddedKafka kafka, RedisOptions redis, CriteoGenerator generator) throws Exception {
        String topic = "live-requests";
        kafka.createTopic(topic, settings.jobParallelism());
        StreamExecutionEnvironment env = LocalFlink.local(settings.jobParallelism(), OptionalInt.empty());
        ScoreOptions options = scoreOptions(kafka, redis, topic, false);
        ScoreJob.build(env, options);
        JobClient job = env.executeAsync(ScoreJob.jobName(options));
        long count = Math.max(1, Math.round(settings.requestRate() * settings.phaseSeconds()));
        try (KafkaProducer<String, String> producer = producer(kafka, 0)) {
            try (PredictionWatch warmup = new PredictionWatch(redis.address(), redis.predictionKeys())) {
                warmup.sending("warmup");
                producer.send(new ProducerRecord<>(topic, "warmup", requestLine(generator)));
                warmup.awaitAll(1, Duration.ofMinutes(2));
            }
            try (PredictionWatch watch = new PredictionWatch(redis.address(), redis.predictionKeys())) {
                Pacer pacer = new Pacer(settings.requestRate());
                for (long i = 0; i < count; i++) {
                    String line = requestLine(generator);
                    pacer.await(i);
                    watch.sending("live-" + i);
                    producer.send(new ProducerRecord<>(topic, "live-" + i, line));
                }
                return watch.awaitAll(count, Duration.ofMinutes(1));
            }
        } finally {
            job.cancel().get();
        }
    }

    private ScoreOptions scoreOptions(EmbeddedKafka kafka, RedisOptions redis, String topic, boolean bounded) {
        List<String> flags = new ArrayList<>(List.of("--bootstrap", kafka.bootstrapServers(), "--topic", topic,
                "--prediction-ttl", "10m", "--parallelism", Integer.toString(settings.jobParallelism())));
        if (bounded) {
            flags.add("--bounded");
        }
        ScoreOptions options = ScoreOptions.parse(flags.toArray(String[]::new));
        options.redis = redis;
        return options;
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, int lingerMillis) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, lingerMillis));
    }

    /** A generated line without its label: what a request carries. */
    private static String requestLine(CriteoGenerator generator) {
        String line = generator.nextLine();
        return line.substring(line.indexOf('\t'));
    }

    /** {first, last} scoredAtMillis over the stored records; fails when a request has no prediction. */
    private static long[] scoredSpan(PredictionStore store, int n) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            PredictionRecord record = store.read("bench-" + i)
                    .orElseThrow(() -> new IllegalStateException("the score job stored no prediction for a request"));
            if (record.failed()) {
                throw new IllegalStateException("request " + record.requestId() + " failed: " + record.error().message());
            }
            first = Math.min(first, record.scoredAtMillis());
            last = Math.max(last, record.scoredAtMillis());
        }
        return new long[] {first, last};
    }
}
