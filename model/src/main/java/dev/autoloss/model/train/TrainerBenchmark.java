package dev.autoloss.model.train;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.search.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training throughput on synthetic click data shaped like Criteo: every field draws Zipf-distributed value ids
 * (so a batch repeats popular values and touches many rare ones, as real streams do), labels are random. Batches
 * are generated before the clock starts; the clock covers {@link Trainer#train} and, when due, one controller step
 * on a validation batch, after warm-up steps that absorb TensorFlow's one-off graph optimisation.
 */
public final class TrainerBenchmark {

    /** values per field */
    static final int VOCABULARY = 200_000;
    /** Zipf exponent of value popularity */
    static final double ZIPF_EXPONENT = 1.1;
    static final int WARM_UP_STEPS = 5;
    /** distinct batches cycled through (the admission sketch and tables see a realistic mix without generating forever) */
    static final int DISTINCT_BATCHES = 32;

    /**
     * What a run measured.
     *
     * @param examplesPerSecond training examples per second of wall time (controller steps included)
     * @param cpuSeconds        CPU time this process used meanwhile: on a machine shared with other work,
     *                          {@code examples / cpuSeconds} shows the cost per example that wall time hides
     */
    public record Throughput(double examplesPerSecond, long examples, long steps, long controllerSteps, double seconds, double cpuSeconds) {

        /** Examples per CPU-second of this process (all its threads). */
        public double examplesPerCpuSecond() {
            return examples / cpuSeconds;
        }
    }

    private TrainerBenchmark() {}

    /** Trains with {@code config} on synthetic batches of {@code config.batchSize()} for about {@code seconds}. */
    public static Throughput run(TrainerConfig config, double seconds) {
        List<List<Example>> batches = syntheticBatches(config, DISTINCT_BATCHES + 1, config.seed());
        List<Example> validation = batches.get(DISTINCT_BATCHES);
        try (Trainer trainer = new Trainer(config)) {
            for (int i = 0; i < WARM_UP_STEPS; i++) {
                step(trainer, batches.get(i % DISTINCT_BATCHES), validation);
            }
            long startSteps = trainer.step();
            long startControllerSteps = trainer.controllerSteps();
            long startCpu = processCpuNanos();
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            long examples = 0;
            int i = 0;
            do {
                List<Example> batch = batches.get(i++ % DISTINCT_BATCHES);
                step(trainer, batch, validation);
                examples += batch.size();
            } while (System.nanoTime() < deadline);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - startCpu) / 1e9;
            return new Throughput(examples / elapsed, examples, trainer.step() - startSteps, trainer.controllerSteps() - startControllerSteps, elapsed, cpu);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void step(Trainer trainer, List<Example> batch, List<Example> validation) {
        trainer.train(batch);
        if (trainer.controllerDue()) {
            trainer.trainController(validation);
        }
    }

    /** {@code count} batches of Zipf-distributed field values with random 0/1 labels. */
    static List<List<Example>> syntheticBatches(TrainerConfig config, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] cumulative = zipfCumulative(VOCABULARY, ZIPF_EXPONENT);
        int fields = config.fieldCount();
        List<List<Example>> batches = new ArrayList<>(count);
        long id = 0;
        for (int b = 0; b < count; b++) {
            List<Example> batch = new ArrayList<>(config.batchSize());
            for (int e = 0; e < config.batchSize(); e++) {
                long[] keys = new long[fields];
                for (int f = 0; f < fields; f++) {
                    keys[f] = key(f, sample(cumulative, random.nextDouble()));
                }
                batch.add(new Example("bench-" + id++, -1, random.nextInt(2), keys));
            }
            batches.add(batch);
        }
        return batches;
    }

    private static double[] zipfCumulative(int n, double exponent) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
        return cumulative;
    }

    private static int sample(double[] cumulative, double u) {
        int i = Arrays.binarySearch(cumulative, u);
        return i >= 0 ? i : Math.min(-i - 1, cumulative.length - 1);
    }

    /** A well-spread 64-bit key for value {@code v} of field {@code f} (stands in for the feature hash). */
    private static long key(int f, int v) {
        long z = (f + 1L) * 0x9E3779B97F4A7C15L ^ v * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code TrainerBenchmark [deepfm|ipnn] [ce|autoloss|...] [seconds] [intra-op threads] [graph optimisation]}: prints examples/s. */
    public static void main(String[] args) {
        ModelKind model = args.length > 0 ? ModelKind.valueOf(args[0].toUpperCase(java.util.Locale.ROOT)) : ModelKind.DEEPFM;
        Method method = args.length > 1 ? Method.byName(args[1]) : Method.AUTOLOSS;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        boolean optimize = args.length <= 4 || Boolean.parseBoolean(args[4]);
        TrainerConfig config = TrainerConfig.builder().model(model).method(method).fieldCount(39).intraOpThreads(threads).graphOptimization(optimize).build();
        Throughput t = run(config, seconds);
        System.out.printf("%s %s: %.0f examples/s (%d steps, %d controller steps, %.1f s; %.0f examples per CPU-second, %.2f cores busy)%n",
                model.cliName(), method.cliName(), t.examplesPerSecond(), t.steps(), t.controllerSteps(), t.seconds(),
                t.examplesPerCpuSecond(), t.cpuSeconds() / t.seconds());
    }
}
