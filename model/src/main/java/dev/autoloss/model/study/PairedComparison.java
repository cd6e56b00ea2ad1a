package dev.autoloss.model.study;

import dev.autoloss.model.eval.PairedTTest;
import java.util.function.ToDoubleFunction;

/**
 * A method against the baseline on one figure, paired by seed: a two-sided paired t-test of the per-seed differences.
 *
 * @param metric         {@code auc}, {@code logLoss} or {@code calibrationError}
 * @param difference     mean over seeds of method minus baseline
 * @param sdDifference   the differences' sample standard deviation
 * @param pValue         two-sided; NaN when every seed's difference is the same
 */
public record PairedComparison(String metric, String method, String baseline, double difference, double sdDifference, double t,
        double pValue, int seeds) {

    static PairedComparison of(String metric, MethodSummary method, MethodSummary baseline, ToDoubleFunction<StudyRunResult> figure) {
        PairedTTest test = PairedTTest.of(method.runs().stream().mapToDouble(figure).toArray(),
                baseline.runs().stream().mapToDouble(figure).toArray());
        return new PairedComparison(metric, method.method(), baseline.method(), test.meanDifference(), test.sdDifference(), test.t(),
                test.pValue(), test.n());
    }
}
