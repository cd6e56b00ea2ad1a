package dev.autoloss.jobs.cli;

import dev.autoloss.model.eval.Summary;
import dev.autoloss.model.study.ConditionResult;
import dev.autoloss.model.study.MethodSummary;
import dev.autoloss.model.study.PairedComparison;
import dev.autoloss.model.study.StreamCounts;
import dev.autoloss.model.study.StreamSettings;
import dev.autoloss.model.study.Study;
import dev.autoloss.model.study.StudyReport;
import dev.autoloss.model.study.StudyRunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A study report as one table per condition: a row per method with AUC, log-loss and calibration error (mean ± sd over
 * seeds), each with its paired difference to ce and the paired t-test's p, then AUC against the observed labels.
 */
final class StudyTable {

    private StudyTable() {}

    static String render(StudyReport report) {
        StreamSettings stream = report.settings().stream();
        Map<String, Object> trainer = report.trainer();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Study: %s, batch %s; %,d clicks per stream, %.0f%% held out for validation with clean labels; "
                        + "%d seed%s; one pass per method and stream.%n"
                        + "Figures: prequential, against the clean labels, over the last %.0f%% of each stream (mean±sd over seeds); "
                        + "Δ: paired difference to %s, p: two-sided paired t-test.%n",
                trainer.get("model"), trainer.get("batchSize"), stream.events(), 100 * stream.validationShare(), report.settings().seeds(),
                report.settings().seeds() == 1 ? "" : "s", 100 * report.tail(), Study.BASELINE));
        for (ConditionResult condition : report.conditions()) {
            out.append(System.lineSeparator()).append(describe(condition, stream, report.itemField())).append(System.lineSeparator());
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("method", "AUC", "Δ", "p", "log-loss", "Δ", "p", "ECE", "Δ", "p", "observed AUC", "s/run"));
            for (MethodSummary m : condition.methods()) {
                List<String> row = new ArrayList<>(List.of(m.method()));
                addFigure(row, m.auc(), comparison(condition, m, ConditionResult.AUC));
                addFigure(row, m.logLoss(), comparison(condition, m, ConditionResult.LOG_LOSS));
                addFigure(row, m.calibrationError(), comparison(condition, m, ConditionResult.CALIBRATION_ERROR));
                row.add(m.observedAuc().format(4));
                row.add(String.format(Locale.ROOT, "%.1f", m.seconds().mean()));
                rows.add(row);
            }
            TextColumns.append(out, rows);
        }
        out.append(String.format(Locale.ROOT, "%nTotal %.0f s.%n", report.seconds()));
        return out.toString();
    }

    /** What the condition did to the labels, from its streams (mean over the first method's seeds). */
    private static String describe(ConditionResult condition, StreamSettings stream, String itemField) {
        List<StudyRunResult> runs = condition.methods().get(0).runs();
        Function<ToDoubleFunction<StreamCounts>, Double> mean = f -> runs.stream().mapToDouble(r -> f.applyAsDouble(r.stream())).average().orElse(Double.NaN);
        double falseShare = mean.apply(c -> (double) c.falsePositives() / c.observedPositives());
        return switch (condition.condition()) {
            case CLEAN -> "clean: observed labels are the clean ones (the null control)";
            case CONCENTRATED_NOISE -> String.format(Locale.ROOT, "concentrated-noise: %.3f of observed positives false (asked %s), "
                    + "each item (%s) with its own propensity ~ Beta(0.5, 2)", falseShare, stream.falsePositiveShare(), itemField);
            case UNIFORM_NOISE -> String.format(Locale.ROOT, "uniform-noise: %.3f of observed positives false (asked %s), "
                    + "one chance for every item", falseShare, stream.falsePositiveShare());
            case DELAYED -> String.format(Locale.ROOT, "delayed: mean delay %.0f events, wait window %.0f; per stream %,.0f clicks "
                            + "first ingested as negatives that convert, %,.0f of them again as positives, %,.0f conversions after the stream's end",
                    stream.meanDelay(), stream.waitWindow(), mean.apply(StreamCounts::fakeNegatives), mean.apply(StreamCounts::conversions),
                    mean.apply(StreamCounts::lostConversions));
        };
    }

    private static PairedComparison comparison(ConditionResult condition, MethodSummary method, String metric) {
        return condition.comparisons().stream().filter(c -> c.method().equals(method.method()) && c.metric().equals(metric))
                .findFirst().orElse(null);
    }

    private static void addFigure(List<String> row, Summary figure, PairedComparison comparison) {
        row.add(figure.format(4));
        row.add(comparison == null ? "" : String.format(Locale.ROOT, "%+.4f", comparison.difference()));
        row.add(comparison == null ? "" : Double.isNaN(comparison.pValue()) ? "-" : String.format(Locale.ROOT, "%.3f", comparison.pValue()));
    }
}
