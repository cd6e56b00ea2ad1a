package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.bench.ScaleBenchmark;
import dev.autoloss.jobs.bench.ScaleReport;
import dev.autoloss.jobs.train.TrainOptions;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.jobs.train.TrainerSettingOptions;
import dev.autoloss.jobs.train.ValidationSplit;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.train.TrainerConfig;
import dev.autoloss.model.train.TrainerSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code autoloss bench scale}: events/s and AUC of one trainer next to N data-parallel replicas. */
@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        description = "Data-parallel training as the train job does it with several trainers, without Kafka and Flink: the same generated "
                + "Criteo-format stream (planted-teacher clicks, parsed beforehand) trained by 1 trainer, then by --trainers replicas, each "
                + "in its own thread with its share of the events and a TensorFlow session of --threads threads; the replicas exchange "
                + "deltas every --sync-interval. Reports events/s, the speedup, prequential and validation AUC over the last 20%% of the "
                + "stream, and the staleness of the deltas added.")
final class BenchScaleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trainers", paramLabel = "N", defaultValue = "2",
            description = "Replicas of the second run, each a thread (default: ${DEFAULT-VALUE}).")
    int trainers;

    @Option(names = "--events", paramLabel = "N", defaultValue = "3000000",
            description = "Generated events in the stream, validation events included (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "TensorFlow intra- and inter-op threads of each trainer's session (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--sync-interval", paramLabel = "DURATION", defaultValue = TrainOptions.DEFAULT_CHECKPOINT_INTERVAL, converter = DurationConverter.class,
            description = "How often a replica takes its delta and sends it to the others, as the job's trainers do at every checkpoint "
                    + "(default: ${DEFAULT-VALUE}, the job's checkpoint interval).")
    Duration syncInterval;

    @Option(names = "--validation-share", paramLabel = "X", defaultValue = TrainOptions.DEFAULT_VALIDATION_SHARE,
            description = "Share of events held out for the controller and validation AUC, by a hash of the event id (default: ${DEFAULT-VALUE}).")
    double validationShare;

    @Option(names = "--generator-seed", paramLabel = "SEED", defaultValue = "" + GeneratorConfig.DEFAULT_SEED,
            description = "Seed of the generated stream (default: ${DEFAULT-VALUE}).")
    long generatorSeed;

    /** The threads are --threads, the same for every trainer. */
    @Mixin
    TrainerSettingOptions trainer = new TrainerSettingOptions().except(TrainerSettings.INTRA_OP_THREADS, TrainerSettings.INTER_OP_THREADS);

    @Mixin
    JsonReportOption report;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (trainers < 2 || trainers > ScaleBenchmark.MAX_TRAINERS) {
            throw new ParameterException(spec.commandLine(), "--trainers must be in 2.." + ScaleBenchmark.MAX_TRAINERS + ", got " + trainers);
        }
        if (events < 1 || events > ScaleBenchmark.maxEvents()) {
            throw new ParameterException(spec.commandLine(), "--events must be in 1.." + ScaleBenchmark.maxEvents() + ", got " + events);
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (syncInterval.isZero()) {
            throw new ParameterException(spec.commandLine(), "--sync-interval must be positive");
        }
        ValidationSplit split;
        try {
            split = new ValidationSplit(validationShare);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--validation-share: " + e.getMessage());
        }
        TrainerConfig config = trainer.config(TrainerFactory.forData(Format.CRITEO, Task.BINARY)
                .set(TrainerSettings.INTRA_OP_THREADS, threads).set(TrainerSettings.INTER_OP_THREADS, threads));
        ScaleBenchmark.Settings settings = new ScaleBenchmark.Settings(trainers, events, threads, syncInterval, split, generatorSeed);
        ScaleReport result = new ScaleBenchmark(settings, config, spec.commandLine().getErr()).run();
        result.print(spec.commandLine().getOut());
        report.write(result, spec.commandLine().getOut());
        return 0;
    }
}
