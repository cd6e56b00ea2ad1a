package dev.autoloss.model.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

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
 * @param tTests each tested method (autoloss, autoloss-frozen) against the best other method, on AUC and on
 *     log-loss (empty with fewer than two seeds, or without a tested method or a baseline)
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
     * Summarises the runs and tests each of {@code testedMethods} that ran against the best of the other methods.
     *
     * @param methods each method's result, in the order to report
     */
    static ExperimentReport of(DataSummary dataset, ExperimentSettings settings, Map<String, Object> trainer,
            List<MethodResult> methods, List<String> testedMethods, double seconds) {
        List<MethodResult> fixed = methods.stream().filter(MethodResult::fixedLoss).toList();
        List<Comparison> tTests = new ArrayList<>();
        for (MethodResult tested : methods.stream().filter(m -> testedMethods.contains(m.method())).toList()) {
            List<MethodResult> others = methods.stream().filter(m -> m != tested).toList();
            if (!others.isEmpty() && settings.seeds() >= 2) {
                tTests.add(compare(AUC, tested, others, BY_AUC, RunResult::testAuc));
                tTests.add(compare(LOG_LOSS, tested, others, BY_LOG_LOSS, RunResult::testLogLoss));
            }
        }
        return new ExperimentReport(dataset, settings, trainer, List.copyOf(methods),
                best(fixed, BY_AUC), best(fixed, BY_LOG_LOSS), List.copyOf(tTests), seconds);
    }

    private static Comparison compare(String metric, MethodResult tested, List<MethodResult> others,
            Comparator<MethodResult> better, ToDoubleFunction<RunResult> figure) {
        return Comparison.of(metric, tested, others.stream().max(better).orElseThrow(), figure);
    }

    private static String best(List<MethodResult> methods, Comparator<MethodResult> better) {
        return methods.stream().max(better).map(MethodResult::method).orElse(null);
    }
}
