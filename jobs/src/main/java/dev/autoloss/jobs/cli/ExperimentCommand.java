package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.jobs.train.TrainerSettingOptions;
import dev.autoloss.model.experiment.DataSplit;
import dev.autoloss.model.experiment.Dataset;
import dev.autoloss.model.experiment.Experiment;
import dev.autoloss.model.experiment.ExperimentReport;
import dev.autoloss.model.experiment.ExperimentSettings;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.train.ControllerFile;
import dev.autoloss.model.train.TrainerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code autoloss experiment}: the offline comparison of loss methods, printed as the paper's Table 2. */
@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = "Trains each method on seeded 80/10/10 splits of a data file with early stopping on validation AUC, "
                + "and prints test AUC and log-loss (mean ± sd over seeds) in the layout of the paper's Table 2, "
                + "with a two-sided Welch t-test of autoloss (and autoloss-frozen) against the best other method.")
final class ExperimentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataFileOptions input;

    @Option(names = "--methods", paramLabel = "METHOD", split = ",",
            converter = NamedOptions.Methods.class, completionCandidates = NamedOptions.Methods.class,
            defaultValue = "ce,focal,kl,hinge,al1,al2,darts,slf,autoloss",
            description = "Loss methods to compare, comma-separated, of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<Method> methods;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "5",
            description = "Runs per method, seeds 1..N, each with its own split (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + ExperimentSettings.DEFAULT_MAX_EPOCHS,
            description = "At most this many epochs per run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "" + ExperimentSettings.DEFAULT_PATIENCE,
            description = "Stop after this many epochs without a better validation AUC (default: ${DEFAULT-VALUE}).")
    int patience;

    @Mixin
    TrainerSettingOptions trainer = new TrainerSettingOptions().except(TrainerSettings.METHOD, TrainerSettings.SEED)
            .withDefaultFromInput(TrainerSettings.BATCH_SIZE, ExperimentSettings.SMALL_DATA_BATCH + " below " + ExperimentSettings.SMALL_DATA_ROWS
                    + " training rows, else " + ExperimentSettings.LARGE_DATA_BATCH + ", as the reference runs");

    @Option(names = "--controller", paramLabel = "FILE", converter = ControllerFileConverter.class,
            description = "The transfer study: also train method " + ExperimentSettings.FROZEN + ", autoloss with this saved "
                    + "controller (from --save-controller) loaded and frozen; its task and candidates must match.")
    ControllerFile controller;

    @Option(names = "--save-controller", paramLabel = "FILE",
            description = "Write the controller of seed 1's autoloss run, at its best epoch, to this file.")
    Path saveController;

    @Mixin
    JsonReportOption json;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Task task = input.task();
        ExperimentSettings settings;
        try {
            settings = new ExperimentSettings(trainer.config(TrainerFactory.forData(input.format(), task)), methods, seeds, epochs, patience,
                    controller, saveController == null ? null : saveController.toString());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Dataset dataset = Dataset.load(input.data(), input.format(), task);
        if (!trainer.gives(TrainerSettings.BATCH_SIZE)) {
            int batch = ExperimentSettings.defaultBatchSize(DataSplit.trainSize(dataset.examples().size()));
            settings = settings.withTrainer(trainer.config(TrainerFactory.forData(input.format(), task).set(TrainerSettings.BATCH_SIZE, batch)));
        }
        ExperimentReport report;
        int runs = seeds * (methods.size() + (controller == null ? 0 : 1));
        try (ExperimentProgress progress = new ExperimentProgress(spec.commandLine().getErr(), runs, System.console() != null)) {
            report = new Experiment(dataset, settings, progress).run();
        }
        spec.commandLine().getOut().print(ExperimentTable.render(report));
        json.write(report, spec.commandLine().getOut());
        if (saveController != null) {
            spec.commandLine().getOut().println("Wrote seed 1's autoloss controller to " + saveController);
        }
        return 0;
    }
}
