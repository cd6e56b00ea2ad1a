package dev.autoloss.model.experiment;

import dev.autoloss.model.eval.Summary;
import java.util.List;

/**
 * One method's figures over all seeds.
 *
 * @param method the method's command-line name ({@code ce}, {@code autoloss}, ...)
 * @param fixedLoss whether the method trains with one fixed candidate loss
 * @param testAuc test AUC, mean ± sd over seeds
 * @param testLogLoss test log-loss, mean ± sd over seeds
 * @param seconds wall time per run, mean ± sd over seeds
 * @param runs each seed's run
 */
public record MethodResult(
        String method, boolean fixedLoss, Summary testAuc, Summary testLogLoss, Summary seconds, List<RunResult> runs) {

    static MethodResult of(String method, boolean fixedLoss, List<RunResult> runs) {
        return new MethodResult(method, fixedLoss,
                Summary.of(runs.stream().mapToDouble(RunResult::testAuc).toArray()),
                Summary.of(runs.stream().mapToDouble(RunResult::testLogLoss).toArray()),
                Summary.of(runs.stream().mapToDouble(RunResult::seconds).toArray()),
                List.copyOf(runs));
    }
}
