package dev.autoloss.model.experiment;

import dev.autoloss.model.eval.Summary;
import dev.autoloss.model.eval.WelchTTest;
import java.util.function.ToDoubleFunction;

/**
 * A two-sided Welch t-test of one method against a baseline on one test metric over the same seeds.
 *
 * @param metric {@code auc} or {@code logLoss}
 * @param method the method tested (autoloss or autoloss-frozen)
 * @param baseline the best untested method on this metric, or for autoloss-frozen also autoloss
 * @param difference mean of method minus mean of baseline
 * @param t the t statistic (positive when the method's mean is larger)
 * @param pValue two-sided p-value
 */
public record Comparison(String metric, String method, String baseline, double difference, double t, double pValue) {

    static Comparison of(String metric, MethodResult method, MethodResult baseline, ToDoubleFunction<RunResult> figure) {
        double[] a = method.runs().stream().mapToDouble(figure).toArray();
        double[] b = baseline.runs().stream().mapToDouble(figure).toArray();
        WelchTTest test = WelchTTest.of(a, b);
        double difference = Summary.of(a).mean() - Summary.of(b).mean();
        return new Comparison(metric, method.method(), baseline.method(), difference, test.t(), test.pValue());
    }
}
