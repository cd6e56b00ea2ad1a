package dev.autoloss.model.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything an {@code experiment} run measured: the paper's Table 2 for one dataset. Written as JSON
 * with {@link #write}; the field names are the record components here and in the records they hold,
 * and are documented in the README.
 *
 * @param dataset what was read and how it was split
 * @param settings the experiment's settings
 * @param trainer every trainer setting ({@code TrainerConfig.describe()}) of the first method's run on seed 1;
 *     the runs differ from it only in method, candidates and seed
 * @param methods each method's figures, in the order asked for
 * @param bestFixedLossByAuc the fixed loss with the highest mean test AUC (null without fixed losses)
 * @param bestFixedLossByLogLoss the fixed loss with the lowest mean test log-loss (null without fixed losses)
 * @param tTests on AUC and on log-loss, each tested method (autoloss, autoloss-frozen) against the best method that
 *     is not tested, then autoloss-frozen against autoloss (empty with fewer than two seeds or nothing to compare)
 * @param seconds wall time of all runs (data loading not included)
 */
public record ExperimentReport(
        DataSummary dataset, ExperimentSettings settings, Map<String, Object> trainer, List<MethodResult> methods,
        String bestFixedLossByAuc, String bestFixedLossByLogLoss, List<Comparison> tTests, double seconds) {

    /** The metric names used in {@link Comparison#metric()}. */
    public static final String AUC = "auc";
    public static final String LOG_LOSS = "logLoss";

    private static final Comparator<MethodResult> BY_AUC = Comparator.comparingDouble(m -> m.testAuc().mean());
    private static final Comparator<MethodResult> BY_LOG_LOSS = Comparator.comparingDouble(m -> -m.testLogLoss().mean());

    /**
     * Summarises the runs and tests each of {@code testedMethods} that ran against the best of the other methods
     * (the baselines), and each against those before it in {@code testedMethods} (a frozen controller against a
     * fresh search).
     *
     * @param methods each method's result, in the order to report
     */
    static ExperimentReport of(DataSummary dataset, ExperimentSettings settings, Map<String, Object> trainer,
            List<MethodResult> methods, List<String> testedMethods, double seconds) {
        List<MethodResult> fixed = methods.stream().filter(MethodResult::fixedLoss).toList();
        List<MethodResult> baselines = methods.stream().filter(m -> !testedMethods.contains(m.method())).toList();
        List<MethodResult> tested = testedMethods.stream()
                .flatMap(name -> methods.stream().filter(m -> m.method().equals(name))).toList();
        List<Comparison> tTests = new ArrayList<>();
        for (int i = 0; i < tested.size() && settings.seeds() >= 2; i++) {
            if (!baselines.isEmpty()) {
                test(tTests, tested.get(i), baselines.stream().max(BY_AUC).orElseThrow(), baselines.stream().max(BY_LOG_LOSS).orElseThrow());
            }
            for (MethodResult earlier : tested.subList(0, i)) {
                test(tTests, tested.get(i), earlier, earlier);
            }
        }
        return new ExperimentReport(dataset, settings, trainer, List.copyOf(methods),
                best(fixed, BY_AUC), best(fixed, BY_LOG_LOSS), List.copyOf(tTests), seconds);
    }

    /** {@code tested} on AUC against {@code byAuc}, and on log-loss against {@code byLogLoss}. */
    private static void test(List<Comparison> tTests, MethodResult tested, MethodResult byAuc, MethodResult byLogLoss) {
        tTests.add(Comparison.of(AUC, tested, byAuc, RunResult::testAuc));
        tTests.add(Comparison.of(LOG_LOSS, tested, byLogLoss, RunResult::testLogLoss));
    }

    private static String best(List<MethodResult> methods, Comparator<MethodResult> better) {
        return methods.stream().max(better).map(MethodResult::method).orElse(null);
    }
}
