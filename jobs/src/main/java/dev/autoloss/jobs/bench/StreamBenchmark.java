package dev.autoloss.jobs.bench;

import dev.autoloss.jobs.kafka.EventProducers;
import dev.autoloss.jobs.kafka.Topics;
import dev.autoloss.jobs.replay.BadLinePolicy;
import dev.autoloss.jobs.replay.GeneratedLines;
import dev.autoloss.jobs.replay.ReplayReport;
import dev.autoloss.jobs.replay.Replayer;
import dev.autoloss.jobs.replay.TimeSpread;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.train.TrainJob;
import dev.autoloss.jobs.train.TrainOptions;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.jobs.train.TrainingStatus;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.Schema;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * {@code bench stream}: the train job's end-to-end throughput (Kafka to trained) next to the trainer
 * alone on the same generated events, and model freshness (append to Kafka until a published version
 * includes the event) on a live stream at a steady rate. Topics keep the broker's append time
 * (LogAppendTime), which freshness is measured from.
 */
public final class StreamBenchmark {

    /**
     * What one run measured.
     *
     * @param cpuMicrosPerEventEndToEnd     CPU time of this process per trained event over the end-to-end timing (the
     *                                      MiniCluster's every thread, the embedded Kafka broker when there is one; not
     *                                      Redis); null when the job ran on a cluster, in processes of its own
     * @param cpuMicrosPerEventTrainerAlone CPU time of this process per trained event while the trainer alone was timed
     */
    public record Result(long events, double trainerAloneEventsPerSecond, double replayEventsPerSecond,
                         long endToEndTrained, double endToEndEventsPerSecond, long timedFromStep, double endToEndWithStartEventsPerSecond,
                         double freshnessRate, long freshnessP50Millis, long freshnessP99Millis, long versionsPublished,
                         Double cpuMicrosPerEventEndToEnd, double cpuMicrosPerEventTrainerAlone) {

        public double ratio() {
            return endToEndEventsPerSecond / trainerAloneEventsPerSecond;
        }

        public void print(PrintStream out) {
            out.printf("events                       %,d generated (Criteo format)%n", events);
            out.printf("trainer alone                %,.0f events/s%n", trainerAloneEventsPerSecond);
            out.printf("end to end (Kafka->trained)  %,.0f events/s  (%.0f%% of the trainer alone; target >= 80%%)%n",
                    endToEndEventsPerSecond, 100 * ratio());
            out.printf("  timed from step %d: the first status record past the %d warm-up steps that the trainer alone leaves out%n",
                    timedFromStep, ALONE_WARMUP_STEPS);
            out.printf("  from the first step        %,.0f events/s  (start-up included: TensorFlow's first runs, the JIT)%n",
                    endToEndWithStartEventsPerSecond);
            if (cpuMicrosPerEventEndToEnd == null) {
                out.printf("CPU per trained event        trainer alone %.1f us; end to end unknown: the job ran in the cluster's processes%n",
                        cpuMicrosPerEventTrainerAlone);
            } else {
                out.printf("CPU per trained event        end to end %.1f us, trainer alone %.1f us (%.2fx; this process's CPU time)%n",
                        cpuMicrosPerEventEndToEnd, cpuMicrosPerEventTrainerAlone, cpuMicrosPerEventEndToEnd / cpuMicrosPerEventTrainerAlone);
            }
            out.printf("replay into Kafka            %,.0f events/s%n", replayEventsPerSecond);
            out.printf("freshness at %,.0f events/s   p50 %.2f s  p99 %.2f s  (target p99 < 5 s; %d versions published)%n",
                    freshnessRate, freshnessP50Millis / 1e3, freshnessP99Millis / 1e3, versionsPublished);
        }
    }

    private static final Map<String, String> APPEND_TIME = Map.of("message.timestamp.type", "LogAppendTime");
    private static final int ALONE_BATCHES = 50;
    private static final int ALONE_WARMUP_STEPS = 20;
    private static final Duration ALONE_DURATION = Duration.ofSeconds(30);
    private static final Duration STATUS_POLL = Duration.ofMillis(250);

    private final TrainOptions job;
    private final Supplier<StreamExecutionEnvironment> environments;
    private final long events;
    private final long seed;
    private final Duration freshnessDuration;
    private final boolean jobInThisProcess;
    private final PrintStream log;

    /**
     * @param job               the job's settings (bootstrap servers and Redis included); topics and prefix are the benchmark's
     * @param events            generated events for the throughput runs
     * @param freshnessDuration how long the live stream of the freshness run lasts
     */
    public StreamBenchmark(TrainOptions job, long events, long seed, Duration freshnessDuration, PrintStream log) {
        this(job, events, seed, freshnessDuration, StreamExecutionEnvironment::getExecutionEnvironment, true, log);
    }

    /**
     * As above, the jobs run where {@code environments} says (a cluster instead of a local MiniCluster); {@code jobInThisProcess}
     * says whether that is this JVM, whose CPU time the benchmark can read.
     */
    public StreamBenchmark(TrainOptions job, long events, long seed, Duration freshnessDuration,
                           Supplier<StreamExecutionEnvironment> environments, boolean jobInThisProcess, PrintStream log) {
        this.environments = environments;
        this.jobInThisProcess = jobInThisProcess;
        this.job = job;
        this.events = events;
        this.seed = seed;
        this.freshnessDuration = freshnessDuration;
        this.log = log;
    }

    public Result run() throws Exception {
        job.format = Format.CRITEO;
        job.redis.prefix = "autoloss-bench:" + UUID.randomUUID();
        try {
            TrainerThroughput.Result alone = trainerAlone();
            log.printf("trainer alone: %,.0f events/s%n", alone.examplesPerSecond());

            job.topic = "bench-" + UUID.randomUUID();
            job.source.bounded = true;
            Topics.ensure(job.kafka(), job.topic, partitions(), APPEND_TIME);
            ReplayReport replay = replay(events, 0);
            log.println(replay.summary(job.topic));
            TrainingStatus warm;
            ProcessCpu cpu;
            try (StatusPoller poller = new StatusPoller(ALONE_WARMUP_STEPS)) {
                TrainJob.run(environments.get(), job);
                warm = poller.warm();
                cpu = poller.cpu;
            }
            TrainingStatus done = status();
            double withStart = rate(done.eventsTrained(), done.lastTrainedMillis() - done.firstTrainedMillis());
            long timedFrom = warm == null ? 0 : warm.step();
            double endToEnd = warm == null ? withStart
                    : rate(done.eventsTrained() - warm.eventsTrained(), done.lastTrainedMillis() - warm.lastTrainedMillis());
            log.printf("end to end: %,d events trained, %,.0f events/s from step %d, %,.0f events/s from the first step%n",
                    done.eventsTrained(), endToEnd, timedFrom, withStart);

            double rate = Math.floor(endToEnd / 2);
            TrainingStatus live = freshness(rate);
            return new Result(events, alone.examplesPerSecond(), replay.eventsPerSecond(), done.eventsTrained(), endToEnd, timedFrom,
                    withStart, rate, live.freshnessP50Millis(), live.freshnessP99Millis(), live.modelVersion(),
                    jobInThisProcess ? cpuMicrosPerEvent(cpu, warm, done) : null, alone.cpuMicrosPerExample());
        } finally {
            deleteKeys();
        }
    }

    private static double rate(long events, long millis) {
        return events * 1000.0 / Math.max(1, millis);
    }

    /** CPU per event over the interval the end-to-end rate is timed on (from {@code warm}, or the first step, to {@code done}). */
    private static Double cpuMicrosPerEvent(ProcessCpu cpu, TrainingStatus warm, TrainingStatus done) {
        long fromMillis = warm == null ? done.firstTrainedMillis() : warm.lastTrainedMillis();
        long fromEvents = warm == null ? 0 : warm.eventsTrained();
        double nanos = cpu.nanosAt(done.lastTrainedMillis()) - cpu.nanosAt(fromMillis);
        return Double.isNaN(nanos) ? null : nanos / 1e3 / Math.max(1, done.eventsTrained() - fromEvents);
    }

    /**
     * The trainer on its own, as {@code bench trainer} measures it ({@link TrainerThroughput}: the training
     * loop with its controller steps, on parsed batches of generated events), with the job's trainer settings.
     */
    private TrainerThroughput.Result trainerAlone() {
        return TrainerThroughput.withGeneratedBatches(ALONE_BATCHES, TrainerFactory.config(job).batchSize(), seed)
                .measure(TrainerFactory.config(job), ALONE_WARMUP_STEPS, ALONE_DURATION, false);
    }

    /** Live stream at {@code rate} events/s into a new topic while the job runs; the job's status at the end. */
    private TrainingStatus freshness(double rate) throws Exception {
        job.topic = "bench-live-" + UUID.randomUUID();
        job.source.bounded = false;
        job.fresh = true; // a new model over the one the bounded run published
        Topics.ensure(job.kafka(), job.topic, partitions(), APPEND_TIME);
        StreamExecutionEnvironment env = environments.get();
        TrainJob.build(env, job);
        JobClient client = env.executeAsync(TrainJob.jobName(job));
        try {
            Thread.sleep(5_000); // the job is up and waiting before the first event
            log.printf("freshness: a live stream at %,.0f events/s for %d s%n", rate, freshnessDuration.toSeconds());
            replay((long) (rate * freshnessDuration.toSeconds()), rate);
            Thread.sleep(job.checkpointInterval.toMillis() * 2 + job.statusInterval.toMillis() * 2);
            return status();
        } finally {
            client.cancel().get();
        }
    }

    private ReplayReport replay(long count, double rate) throws InterruptedException {
        Schema schema = Schema.of(Format.CRITEO);
        try (KafkaProducer<String, String> producer = EventProducers.open(job.kafka())) {
            return new Replayer(producer, new ExampleParser(schema, schema.defaultTask()),
                    new Replayer.Options(job.topic, count, rate, TimeSpread.endingNow(TimeSpread.DEFAULT_SPAN, count), BadLinePolicy.STOP))
                    .replay(new GeneratedLines(GeneratorConfig.defaults().withSeed(seed), count), n -> { });
        }
    }

    private int partitions() {
        return Math.max(1, job.parallelism);
    }

    private TrainingStatus status() {
        try (RedisEndpoint redis = RedisEndpoint.connect(job.redis.address())) {
            return TrainingStatus.read(redis, job.storeSettings().keys())
                    .orElseThrow(() -> new IllegalStateException("the train job wrote no status record to " + job.redis.address()));
        }
    }

    /**
     * Reads the job's status record while it runs and keeps the first one past {@code warmupSteps}, so that the end-to-end
     * rate is timed from there, as the trainer alone is timed after its warm-up steps; samples the process's CPU time too.
     */
    private final class StatusPoller implements AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final RedisEndpoint redis = RedisEndpoint.connect(job.redis.address());
        private final long warmupSteps;
        private final ProcessCpu cpu = new ProcessCpu();
        private volatile TrainingStatus warm;

        StatusPoller(long warmupSteps) {
            this.warmupSteps = warmupSteps;
            timer.scheduleWithFixedDelay(this::poll, 0, STATUS_POLL.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void poll() {
            cpu.sample();
            if (warm == null) {
                TrainingStatus.read(redis, job.storeSettings().keys()).filter(status -> status.step() >= warmupSteps)
                        .ifPresent(status -> warm = status);
            }
        }

        /** The first status past the warm-up, or null when the job ended before one was written. */
        TrainingStatus warm() {
            return warm;
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            cpu.sample();
            redis.close();
        }
    }

    private void deleteKeys() {
        try (RedisEndpoint redis = RedisEndpoint.connect(job.redis.address())) {
            redis.deleteKeysUnder(job.redis.prefix);
        }
    }
}
