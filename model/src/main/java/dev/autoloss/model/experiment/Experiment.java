package dev.autoloss.model.experiment;

import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.train.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline experiment behind the paper's Table 2: every method trained on the same seeded 80/10/10
 * split for each seed (seeds 1..n; paired, so methods differ only in the method), with early stopping
 * on validation AUC and the best model measured on test. Seeds run in the outer loop so that a run cut
 * short still has every method on its first seeds.
 */
public final class Experiment {

    /** The methods {@link ExperimentReport#tTests()} test against the best other method, where they ran. */
    public static final List<String> TESTED_METHODS = List.of(Method.AUTOLOSS.cliName(), ExperimentSettings.FROZEN);
    /** Too few examples leave a validation or test split without both classes. */
    public static final int MIN_EXAMPLES = 100;

    private final Dataset data;
    private final ExperimentSettings settings;
    private final ExperimentListener listener;

    public Experiment(Dataset data, ExperimentSettings settings, ExperimentListener listener) {
        if (data.task() == Task.REGRESSION) {
            throw new IllegalArgumentException("an experiment measures AUC and log-loss, so it needs the binary or "
                    + "multiclass task, not regression");
        }
        if (data.examples().size() < MIN_EXAMPLES) {
            throw new IllegalArgumentException(data.path() + ": an experiment needs at least " + MIN_EXAMPLES
                    + " examples, got " + data.examples().size());
        }
        // every method's trainer settings, and the frozen controller's fit, are checked now rather than after hours of other runs
        for (ComparedMethod compared : settings.compared()) {
            TrainerConfig config = settings.trainerConfig(data, compared.method(), 1);
            if (compared.frozen() != null) {
                compared.frozen().requireFits(config);
            }
        }
        this.data = data;
        this.settings = settings;
        this.listener = listener;
    }

    public ExperimentReport run() {
        long started = System.nanoTime();
        Map<ComparedMethod, List<RunResult>> runs = new LinkedHashMap<>();
        settings.compared().forEach(m -> runs.put(m, new ArrayList<>()));
        int total = settings.seeds() * runs.size();
        int run = 0;
        DataSplit split = null;
        for (long seed = 1; seed <= settings.seeds(); seed++) {
            split = DataSplit.of(data.examples(), seed);
            for (ComparedMethod method : runs.keySet()) {
                int number = ++run;
                String name = method.name();
                long s = seed;
                listener.runStarted(number, total, name, seed);
                boolean keepController = settings.saveController() != null && seed == 1 && method.frozen() == null
                        && method.method() == Method.AUTOLOSS;
                TrainingRun training = new TrainingRun(settings.trainerConfig(data, method.method(), seed), settings.maxEpochs(),
                        settings.patience(), method.frozen(), keepController ? Path.of(settings.saveController()) : null);
                RunResult result = training.run(name, seed, split,
                        (epoch, validation) -> listener.epochFinished(number, total, name, s, epoch, validation.auc()));
                runs.get(method).add(result);
                listener.runFinished(number, total, result);
            }
        }
        List<MethodResult> methods = runs.entrySet().stream()
                .map(e -> MethodResult.of(e.getKey().name(), e.getKey().method().fixedLoss().isPresent(), e.getValue()))
                .toList();
        Map<String, Object> trainer = settings.trainerConfig(data, settings.methods().get(0), 1).describe();
        return ExperimentReport.of(DataSummary.of(data, split), settings, trainer, methods, TESTED_METHODS,
                (System.nanoTime() - started) / 1e9);
    }
}
