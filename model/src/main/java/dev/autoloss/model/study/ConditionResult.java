package dev.autoloss.model.study;

import java.util.ArrayList;
import java.util.List;

/**
 * Every method's figures on one condition, and each method's paired differences to {@link Study#BASELINE} (ce) on
 * AUC, log-loss and calibration error (none with one seed or without ce among the methods).
 */
public record ConditionResult(StudyCondition condition, List<MethodSummary> methods, List<PairedComparison> comparisons) {

    public static final String AUC = "auc";
    public static final String LOG_LOSS = "logLoss";
    public static final String CALIBRATION_ERROR = "calibrationError";

    static ConditionResult of(StudyCondition condition, List<MethodSummary> methods, int seeds) {
        List<PairedComparison> comparisons = new ArrayList<>();
        MethodSummary baseline = methods.stream().filter(m -> m.method().equals(Study.BASELINE)).findFirst().orElse(null);
        if (baseline != null && seeds >= 2) {
            for (MethodSummary method : methods) {
                if (method != baseline) {
                    comparisons.add(PairedComparison.of(AUC, method, baseline, StudyRunResult::auc));
                    comparisons.add(PairedComparison.of(LOG_LOSS, method, baseline, StudyRunResult::logLoss));
                    comparisons.add(PairedComparison.of(CALIBRATION_ERROR, method, baseline, StudyRunResult::calibrationError));
                }
            }
        }
        return new ConditionResult(condition, List.copyOf(methods), List.copyOf(comparisons));
    }
}
