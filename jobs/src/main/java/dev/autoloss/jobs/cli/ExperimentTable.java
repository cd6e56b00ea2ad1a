package dev.autoloss.jobs.cli;

import dev.autoloss.model.eval.Summary;
import dev.autoloss.model.experiment.Comparison;
import dev.autoloss.model.experiment.DataSummary;
import dev.autoloss.model.experiment.ExperimentReport;
import dev.autoloss.model.experiment.ExperimentSettings;
import dev.autoloss.model.experiment.MethodResult;
import dev.autoloss.model.experiment.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An experiment report in the layout of the paper's Table 2: one column per method, rows AUC and
 * log-loss (mean ± sd over seeds, the best fixed loss of each row marked), then time per run and epochs,
 * and the t-tests of autoloss (and autoloss-frozen) against the best other method.
 */
final class ExperimentTable {

    static final String BEST_FIXED_MARK = " *";

    private ExperimentTable() {}

    static String render(ExperimentReport report) {
        DataSummary data = report.dataset();
        ExperimentSettings settings = report.settings();
        List<MethodResult> methods = report.methods();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "%s on %s (%s, %s%s): %d rows, %d bad; split %d/%d/%d; batch %d; %d seed%s; "
                        + "early stopping on validation AUC (patience %d, at most %d epochs)%n%n",
                settings.model().cliName(), data.path(), data.format(), data.task(),
                data.classes() > 1 ? ", " + data.classes() + " classes" : "", data.rows(), data.badRows(),
                data.train(), data.validation(), data.test(), settings.batchSize(), settings.seeds(),
                settings.seeds() == 1 ? "" : "s", settings.patience(), settings.maxEpochs()));

        List<List<String>> rows = new ArrayList<>();
        rows.add(header(methods));
        rows.add(row("AUC", methods, m -> m.testAuc().format(4) + mark(m, report.bestFixedLossByAuc())));
        rows.add(row("Logloss", methods, m -> m.testLogLoss().format(4) + mark(m, report.bestFixedLossByLogLoss())));
        rows.add(row("Time/run (s)", methods, m -> m.seconds().format(1)));
        rows.add(row("Epochs (best)", methods, ExperimentTable::epochs));
        TextColumns.append(out, rows);

        out.append(String.format("%n*: the best fixed loss on that row.%n"));
        if (!report.tTests().isEmpty()) {
            out.append(String.format("t-tests (two-sided, Welch) against the best other method on that metric%s:%n",
                    settings.frozenController() == null ? "" : " (other than autoloss and " + ExperimentSettings.FROZEN + "), and "
                            + ExperimentSettings.FROZEN + " against autoloss"));
        }
        for (Comparison c : report.tTests()) {
            out.append(String.format(Locale.ROOT, "  %s vs %s on %s: difference %+.4f, t = %.3f, p = %.3f%n",
                    c.method(), c.baseline(), c.metric(), c.difference(), c.t(), c.pValue()));
        }
        out.append(String.format(Locale.ROOT, "Total %.0f s.%n", report.seconds()));
        return out.toString();
    }

    private static List<String> header(List<MethodResult> methods) {
        List<String> cells = new ArrayList<>();
        cells.add("Metric");
        methods.forEach(m -> cells.add(m.method()));
        return cells;
    }

    private static List<String> row(String metric, List<MethodResult> methods, Function<MethodResult, String> cell) {
        List<String> cells = new ArrayList<>();
        cells.add(metric);
        methods.forEach(m -> cells.add(cell.apply(m)));
        return cells;
    }

    private static String mark(MethodResult method, String bestFixed) {
        return method.method().equals(bestFixed) ? BEST_FIXED_MARK : "";
    }

    private static String epochs(MethodResult method) {
        Summary trained = Summary.of(method.runs().stream().mapToDouble(RunResult::epochs).toArray());
        Summary best = Summary.of(method.runs().stream().mapToDouble(RunResult::bestEpoch).toArray());
        return String.format(Locale.ROOT, "%.1f (%.1f)", trained.mean(), best.mean());
    }
}
