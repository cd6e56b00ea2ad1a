package dev.autoloss.model.study;

import dev.autoloss.model.eval.Summary;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One method's figures on one condition, mean ± sd over seeds (see {@link StudyRunResult}).
 *
 * @param seconds wall time per run
 * @param runs each seed's run, in seed order
 */
public record MethodSummary(String method, Summary auc, Summary logLoss, Summary calibrationError, Summary observedAuc, Summary seconds,
        List<StudyRunResult> runs) {

    static MethodSummary of(String method, List<StudyRunResult> runs) {
        return new MethodSummary(method, over(runs, StudyRunResult::auc), over(runs, StudyRunResult::logLoss),
                over(runs, StudyRunResult::calibrationError), over(runs, StudyRunResult::observedAuc), over(runs, StudyRunResult::seconds),
                List.copyOf(runs));
    }

    private static Summary over(List<StudyRunResult> runs, ToDoubleFunction<StudyRunResult> figure) {
        return Summary.of(runs.stream().mapToDouble(figure).toArray());
    }
}
