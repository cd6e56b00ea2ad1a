package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.jobs.train.TrainerSettingOptions;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.study.StreamSettings;
import dev.autoloss.model.study.Study;
import dev.autoloss.model.study.StudyCondition;
import dev.autoloss.model.study.StudyMethod;
import dev.autoloss.model.study.StudyReport;
import dev.autoloss.model.study.StudyRunResult;
import dev.autoloss.model.study.StudySettings;
import dev.autoloss.model.study.StudyStream;
import dev.autoloss.model.train.TrainerSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code autoloss study}: methods for noisy and delayed labels compared on generated streams, on the trainer directly. */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = "Single-pass streaming studies on generated Criteo-format streams (the planted teacher's clicks are the clean "
                + "labels), run on the trainer directly, one run at a time: for each condition, seed and method, one pass over the "
                + "seed's stream in batches, each batch scored before the step on it; validation events (clean labels) feed the "
                + "controller. Prints, per condition, AUC, log-loss and expected calibration error against the clean labels over the "
                + "last 20%% of each stream (mean ± sd over seeds), with each method's paired difference to ce and its paired t-test "
                + "(docs/research.md).")
final class StudyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--conditions", paramLabel = "CONDITION", split = ",",
            converter = NamedOptions.Conditions.class, completionCandidates = NamedOptions.Conditions.class,
            defaultValue = "clean,concentrated-noise,uniform-noise,delayed",
            description = "Label conditions, comma-separated, of ${COMPLETION-CANDIDATES}: clean (the null control); concentrated-noise "
                    + "(false positives added to negatives with a per-item propensity ~ Beta(0.5, 2), the item being field "
                    + StudyStream.ITEM_FIELD + "); uniform-noise (as many, with one chance for every item); delayed (exponential "
                    + "conversion delays: a click waits --wait-window events, then is ingested as a negative unless it converted, and "
                    + "again as a positive when its conversion comes) (default: ${DEFAULT-VALUE}).")
    List<StudyCondition> conditions;

    @Option(names = "--methods", paramLabel = "METHOD", split = ",",
            converter = NamedOptions.StudyMethods.class, completionCandidates = NamedOptions.StudyMethods.class,
            defaultValue = "ce,oracle,tce,rce,fnw,autoloss",
            description = "Methods, comma-separated: oracle (ce on the clean labels, each click once) or a trainer method, of "
                    + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<StudyMethod> methods;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "5",
            description = "Seeds 1..N, each its own stream, teacher and initial weights; the methods of a seed are paired (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000",
            description = "Clicks generated per stream, validation ones included (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--validation-share", paramLabel = "X", defaultValue = "" + StreamSettings.DEFAULT_VALIDATION_SHARE,
            description = "Share of clicks held out with their clean labels for the controller's validation batches (default: ${DEFAULT-VALUE}).")
    double validationShare;

    @Option(names = "--false-positive-share", paramLabel = "X", defaultValue = "" + StreamSettings.DEFAULT_FALSE_POSITIVE_SHARE,
            description = "The noise conditions: expected share of false ones among the observed positives (default: ${DEFAULT-VALUE}).")
    double falsePositiveShare;

    @Option(names = "--mean-delay", paramLabel = "EVENTS", defaultValue = "" + StreamSettings.DEFAULT_MEAN_DELAY,
            description = "The delayed condition: mean of the exponential conversion delay, in events (default: ${DEFAULT-VALUE}).")
    double meanDelay;

    @Option(names = "--wait-window", paramLabel = "EVENTS", defaultValue = "" + StreamSettings.DEFAULT_WAIT_WINDOW,
            description = "The delayed condition: events a click waits before it is ingested (default: ${DEFAULT-VALUE}).")
    double waitWindow;

    @Mixin
    TrainerSettingOptions trainer = new TrainerSettingOptions().except(TrainerSettings.METHOD, TrainerSettings.SEED);

    @Mixin
    JsonReportOption json;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Study study;
        try {
            StudySettings settings = new StudySettings(conditions, methods, seeds,
                    new StreamSettings(events, validationShare, falsePositiveShare, meanDelay, waitWindow));
            study = new Study(settings, trainer.config(TrainerFactory.forData(Format.CRITEO, Task.BINARY)), this::progress);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        StudyReport report = study.run();
        spec.commandLine().getOut().print(StudyTable.render(report));
        json.write(report, spec.commandLine().getOut());
        return 0;
    }

    private void progress(int run, int runs, StudyCondition condition, String method, StudyRunResult r) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "[%d/%d] %s seed %d %s: AUC %.4f, log-loss %.4f, ECE %.4f (clean labels, last 20%%) in %.1f s%n",
                run, runs, condition.cliName(), r.seed(), method, r.auc(), r.logLoss(), r.calibrationError(), r.seconds());
        err.flush();
    }
}
