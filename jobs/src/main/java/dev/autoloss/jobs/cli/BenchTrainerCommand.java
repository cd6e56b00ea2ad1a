package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.bench.ThroughputReport;
import dev.autoloss.jobs.bench.TrainerThroughput;
import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.jobs.train.TrainerSettingOptions;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.train.RunProfile;
import dev.autoloss.model.train.TrainerConfig;
import dev.autoloss.model.train.TrainerSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code autoloss bench trainer}: training examples/s of each model with each method. */
@Command(
        name = "trainer",
        mixinStandardHelpOptions = true,
        description = "Training examples/s of the trainer alone (DRS steps, plus controller steps when due), for each model "
                + "and method, on generated Criteo-format rows (39 fields, Zipf-like ids) parsed beforehand; warm-up excluded.")
final class BenchTrainerCommand implements Callable<Integer> {

    /** Generated batches cycled through (enough that a 2^20-row table sees fresh ids for a while). */
    static final int GENERATED_BATCHES = 50;
    static final long GENERATOR_SEED = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "Timed seconds per model and method (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "STEPS", defaultValue = "20",
            description = "Untimed steps first, per model and method (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--models", paramLabel = "MODEL", split = ",", defaultValue = "deepfm,ipnn",
            converter = NamedOptions.Models.class, completionCandidates = NamedOptions.Models.class,
            description = "Models, comma-separated (default: ${DEFAULT-VALUE}).")
    List<ModelKind> models;

    @Option(names = "--methods", paramLabel = "METHOD", split = ",", defaultValue = "ce,autoloss",
            converter = NamedOptions.Methods.class, completionCandidates = NamedOptions.Methods.class,
            description = "Methods, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Method> methods;

    @Option(names = "--profile", description = "Also show where the time goes: per kind of run, Java preparation and run wall time, "
            + "and the op types with the most time in TensorFlow's trace of one run in " + RunProfile.TRACE_EVERY
            + " (tracing slows those runs, so the rates are a little lower).")
    boolean profile;

    @Mixin
    TrainerSettingOptions trainer = new TrainerSettingOptions().except(TrainerSettings.MODEL, TrainerSettings.METHOD);

    @Mixin
    JsonReportOption report;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0) || warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--seconds must be positive and --warmup at least 0");
        }
        int batch = trainer.config(forGenerated()).batchSize();
        PrintWriter err = spec.commandLine().getErr();
        err.println("generating " + GENERATED_BATCHES + " batches of " + batch + " rows ...");
        err.flush();
        ThroughputReport results = TrainerThroughput.withGeneratedBatches(GENERATED_BATCHES, batch, GENERATOR_SEED)
                .measureEach(models, methods, (model, method) -> trainer.config(forGenerated().set(TrainerSettings.MODEL, model)
                        .set(TrainerSettings.METHOD, method)), warmup, Duration.ofMillis(Math.round(seconds * 1000)), profile, err);
        results.print(spec.commandLine().getOut());
        report.write(results, spec.commandLine().getOut());
        return 0;
    }

    /** The settings that the generated rows decide. */
    private static TrainerConfig.Builder forGenerated() {
        return TrainerConfig.builder().set(TrainerSettings.TASK, Task.BINARY).set(TrainerSettings.FIELD_COUNT, TrainerThroughput.fields());
    }
}
