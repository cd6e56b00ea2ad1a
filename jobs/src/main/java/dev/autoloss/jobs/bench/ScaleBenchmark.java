package dev.autoloss.jobs.bench;

import dev.autoloss.jobs.train.TrainOptions;
import dev.autoloss.jobs.train.ValidationSplit;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.TrainerConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bench scale}: data-parallel training as the train job does it with several trainers, without Kafka and
 * Flink so that it fits a small machine. The same generated stream is trained by one trainer, then by
 * {@code trainers} replicas, each in a thread of its own with its share of the events, every TensorFlow session
 * limited to the same threads; the replicas exchange deltas every sync interval (the job's checkpoint interval).
 * Reports events/s, prequential and validation AUC over the stream's tail, and how stale the added deltas were.
 */
public final class ScaleBenchmark {

    public static final int MAX_TRAINERS = ScaleStream.MAX_TRAINERS;

    /** The share of the stream, at its end, whose scores the AUCs are computed over. */
    private static final double TAIL = 0.2;
    private static final double PREQUENTIAL_SAMPLE = Double.parseDouble(TrainOptions.DEFAULT_PREQUENTIAL_SAMPLE);

    /**
     * @param trainers replicas of the second run (the first has one trainer)
     * @param events generated events in the stream
     * @param threads TensorFlow intra- and inter-op threads of each trainer's session; the trainer settings have them too
     * @param syncInterval how often a replica takes its delta and sends it to the others
     */
    public record Settings(int trainers, int events, int threads, Duration syncInterval, ValidationSplit split, long generatorSeed) {}

    private final Settings settings;
    private final TrainerConfig config;
    private final PrintWriter log;

    /** The most events a stream can hold. */
    public static int maxEvents() {
        return ScaleStream.maxEvents();
    }

    public ScaleBenchmark(Settings settings, TrainerConfig config, PrintWriter log) {
        this.settings = settings;
        this.config = config;
        this.log = log;
    }

    public ScaleReport run() throws InterruptedException {
        say("generating and parsing %,d events ...", settings.events());
        ScaleStream stream = ScaleStream.generate(settings.events(), settings.generatorSeed(), settings.split(), settings.trainers());
        ScaleReport.Run one = run(stream, 1);
        ScaleReport.Run many = run(stream, settings.trainers());
        return new ScaleReport("scale", stream.size(), stream.trainingEvents(), settings.split().share(), settings.syncInterval().toMillis(),
                config.model().cliName(), config.method().cliName(), config.batchSize(), config.tableRows(),
                Runtime.getRuntime().availableProcessors(), List.of(one, many), many.eventsPerSecond() / one.eventsPerSecond(),
                many.prequentialAuc() - one.prequentialAuc(), many.validationAuc() - one.validationAuc());
    }

    private ScaleReport.Run run(ScaleStream stream, int trainers) throws InterruptedException {
        say("%d trainer(s), %d TensorFlow thread(s) each ...", trainers, settings.threads());
        StreamScores scores = new StreamScores(stream.size());
        List<Trainer> opened = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(trainers);
        try {
            List<ScaleReplica> replicas = new ArrayList<>();
            for (int[] share : stream.shares(trainers)) {
                Trainer trainer = new Trainer(config.forReplicas(trainers));
                opened.add(trainer);
                if (trainers > 1) {
                    trainer.startReplica(trainers);
                }
                replicas.add(new ScaleReplica(trainer, stream, share, scores, PREQUENTIAL_SAMPLE, settings.syncInterval()));
            }
            replicas.forEach(r -> r.sendsTo(replicas));
            long started = System.nanoTime();
            List<Future<ScaleReplica>> running = threads.invokeAll(replicas);
            double seconds = (System.nanoTime() - started) / 1e9;
            List<ScaleReplica> done = new ArrayList<>();
            for (Future<ScaleReplica> replica : running) {
                done.add(finished(replica));
            }
            return measured(stream, trainers, done, scores, seconds);
        } finally {
            threads.shutdownNow();
            opened.forEach(Trainer::close);
        }
    }

    private ScaleReport.Run measured(ScaleStream stream, int trainers, List<ScaleReplica> replicas, StreamScores scores, double seconds) {
        long trained = 0;
        long steps = 0;
        LongSamples stalenessNanos = new LongSamples();
        LongSamples stalenessSteps = new LongSamples();
        LongSamples deltaBytes = new LongSamples();
        for (ScaleReplica replica : replicas) {
            deltaBytes.addAll(replica.deltaBytes());
            trained += replica.eventsTrained();
            steps += replica.steps();
            stalenessNanos.addAll(replica.stalenessNanos());
            stalenessSteps.addAll(replica.stalenessSteps());
        }
        int tail = (int) Math.ceil(stream.size() * (1 - TAIL));
        return new ScaleReport.Run(trainers, settings.threads(), trained, steps, stalenessNanos.count(), scores.nonFinite(),
                seconds, trained / seconds, scores.auc(stream, tail, false), scores.auc(stream, tail, true),
                stalenessNanos.percentile(50) / 1e6, stalenessNanos.percentile(100) / 1e6,
                stalenessSteps.percentile(50), stalenessSteps.percentile(100), deltaBytes.percentile(50), deltaBytes.percentile(100));
    }

    /** The replica that ran, or what failed its thread. */
    private static ScaleReplica finished(Future<ScaleReplica> replica) throws InterruptedException {
        try {
            return replica.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void say(String format, Object... args) {
        log.printf(format + "%n", args);
        log.flush();
    }
}
