package dev.autoloss.jobs.bench;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.train.RunProfile;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.TrainerConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Training throughput of a {@link Trainer}: the loop a training job runs (a DRS step per batch, a
 * controller step on a validation batch whenever one is due), timed after a warm-up that builds and
 * tunes the graph. The batches are parsed beforehand from generated Criteo-format rows (39 fields,
 * heavy-tailed Zipf-like categorical ids), so only the trainer is timed; the batches are cycled.
 */
public final class TrainerThroughput {

    /**
     * One configuration's figure.
     *
     * @param steps timed DRS steps (after warm-up)
     * @param controllerSteps controller steps taken within the timed steps
     * @param examplesPerSecond training examples per second over the timed steps (validation examples not counted)
     * @param cpuMicrosPerExample CPU time of this process over the timed steps (every thread), per training example
     * @param profile where the timed steps' time went, per kind of run (empty unless profiled: {@link RunProfile})
     */
    public record Result(String model, String method, int batchSize, int fields, int tableRows,
            int warmupSteps, long steps, long controllerSteps, double seconds, double examplesPerSecond, double cpuMicrosPerExample,
            List<RunProfile.Figures> profile) {}

    /** Op types listed per kind of run in a profile. */
    static final int PROFILED_OPS = 8;

    private final List<List<Example>> batches;
    private final List<List<Example>> validationBatches;

    private TrainerThroughput(List<List<Example>> batches, List<List<Example>> validationBatches) {
        this.batches = batches;
        this.validationBatches = validationBatches;
    }

    /** {@code count} training batches and a few validation batches of generated Criteo-format rows. */
    public static TrainerThroughput withGeneratedBatches(int count, int batchSize, long seed) {
        CriteoGenerator generator = new CriteoGenerator(GeneratorConfig.defaults().withSeed(seed));
        ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Task.BINARY);
        List<List<Example>> all = new ArrayList<>();
        long line = 0;
        for (int b = 0; b < count + validationBatchCount(count); b++) {
            List<Example> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                batch.add(parse(parser, new RawRecord("generated", ++line, generator.nextLine())));
            }
            all.add(batch);
        }
        return new TrainerThroughput(all.subList(0, count), all.subList(count, all.size()));
    }

    private static int validationBatchCount(int trainingBatches) {
        return Math.max(1, trainingBatches / 10);
    }

    static Example parse(ExampleParser parser, RawRecord record) {
        try {
            return parser.parse(record);
        } catch (BadRecordException e) {
            throw new IllegalStateException("the generator wrote a line its own format rejects: " + e.getMessage(), e);
        }
    }

    /** The feature fields of the generated rows. */
    public static int fields() {
        return Schema.of(Format.CRITEO).featureCount();
    }

    /** {@code bench trainer}: {@link #measure} of each model with each method, in that order; progress goes to {@code log}. */
    public ThroughputReport measureEach(List<ModelKind> models, List<Method> methods, BiFunction<ModelKind, Method, TrainerConfig> configs,
                                        int warmupSteps, Duration measured, boolean profiled, PrintWriter log) {
        List<Result> results = new ArrayList<>();
        for (ModelKind model : models) {
            for (Method method : methods) {
                log.printf("%s + %s: %d warm-up steps, then %.0f s ...%n", model.cliName(), method.cliName(), warmupSteps,
                        measured.toMillis() / 1000.0);
                log.flush();
                results.add(measure(configs.apply(model, method), warmupSteps, measured, profiled));
            }
        }
        return new ThroughputReport("trainer", results);
    }

    /**
     * Trains {@code warmupSteps} untimed steps, then as many as fit in {@code measured}, and reports the rate; if
     * {@code profiled}, with a {@link RunProfile} of the timed steps (whose tracing lowers the rate).
     */
    public Result measure(TrainerConfig config, int warmupSteps, Duration measured, boolean profiled) {
        try (Trainer trainer = new Trainer(config)) {
            int next = 0;
            for (int i = 0; i < warmupSteps; i++) {
                step(trainer, next++);
            }
            RunProfile profile = new RunProfile();
            if (profiled) {
                trainer.profileRuns(profile);
            }
            long controllerBefore = trainer.controllerSteps();
            long steps = 0;
            long cpuStarted = ProcessCpu.nanos();
            long started = System.nanoTime();
            long deadline = started + measured.toNanos();
            long now;
            do {
                step(trainer, next++);
                steps++;
                now = System.nanoTime();
            } while (now < deadline);
            long cpu = ProcessCpu.nanos() - cpuStarted;
            double seconds = (now - started) / 1e9;
            int batchSize = batches.get(0).size();
            return new Result(config.model().cliName(), config.method().cliName(), batchSize, config.fieldCount(),
                    config.tableRows(), warmupSteps, steps, trainer.controllerSteps() - controllerBefore, seconds,
                    steps * batchSize / seconds, cpu / 1e3 / (steps * batchSize), profile.figures(PROFILED_OPS));
        }
    }

    private void step(Trainer trainer, int index) {
        trainer.train(batches.get(index % batches.size()));
        if (trainer.controllerDue()) {
            trainer.trainController(validationBatches.get(index % validationBatches.size()));
        }
    }
}
