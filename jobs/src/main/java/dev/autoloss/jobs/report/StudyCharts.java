package dev.autoloss.jobs.report;

import dev.autoloss.model.eval.Summary;
import dev.autoloss.model.study.MethodSummary;
import dev.autoloss.model.study.StudyRunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The charts of a {@code study --out} file: AUC and calibration error against the clean labels per method, a point
 * per condition (mean ± sd over seeds), and per condition each method's learning curve, the clean-label AUC of each
 * tenth of the stream.
 */
final class StudyCharts {

    private StudyCharts() {}

    static ReportSection draw(Path file, String stem, StudyJson study, ChartWriter charts) {
        if (study.conditions().isEmpty() || study.conditions().stream().anyMatch(c -> c.methods().isEmpty())) {
            throw new IllegalArgumentException(file + ": a condition without methods, nothing to draw");
        }
        String seeds = "mean ± sd over " + study.settings().seeds() + " seed(s)";
        String tail = String.format("last %.0f%% of each stream", 100 * study.tail());
        List<Chart> drawn = new ArrayList<>();
        drawn.add(charts.write(stem + "-auc", Charts.pointsWithErrorBars("AUC against the clean labels, " + tail + " (" + seeds + ")",
                "method", "AUC", perMethod(study, MethodSummary::auc))));
        drawn.add(charts.write(stem + "-calibration-error", Charts.pointsWithErrorBars("Expected calibration error against the clean labels, "
                + tail + " (" + seeds + ")", "method", "ECE", perMethod(study, MethodSummary::calibrationError))));
        for (StudyJson.Condition condition : study.conditions()) {
            drawn.add(charts.write(stem + "-" + condition.condition() + "-learning", Charts.linesWithErrorBars(
                    condition.condition() + ": AUC against the clean labels of each tenth of the stream (" + seeds + ")",
                    "clicks", "AUC", learningCurves(condition, study.settings().stream().events()))));
        }
        return new ReportSection(String.format("Study: %,d clicks per stream, %d seed(s)", study.settings().stream().events(),
                study.settings().seeds()), file.toString(), drawn);
    }

    /** A series per condition, a category per method. */
    private static DefaultStatisticalCategoryDataset perMethod(StudyJson study, Function<MethodSummary, Summary> figure) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (StudyJson.Condition condition : study.conditions()) {
            for (MethodSummary m : condition.methods()) {
                Summary s = figure.apply(m);
                data.add(s.mean(), s.sd(), condition.condition(), m.method());
            }
        }
        return data;
    }

    private static YIntervalSeriesCollection learningCurves(StudyJson.Condition condition, int clicks) {
        YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
        for (MethodSummary m : condition.methods()) {
            YIntervalSeries curve = new YIntervalSeries(m.method());
            int tenths = m.runs().get(0).aucByTenth().length;
            for (int k = 0; k < tenths; k++) {
                int tenth = k;
                Summary auc = Summary.of(m.runs().stream().mapToDouble((StudyRunResult r) -> r.aucByTenth()[tenth]).filter(Double::isFinite).toArray());
                if (auc.n() > 0) {
                    curve.add((double) clicks * (k + 1) / tenths, auc.mean(), auc.mean() - auc.sd(), auc.mean() + auc.sd());
                }
            }
            curves.addSeries(curve);
        }
        return curves;
    }
}
