package dev.autoloss.jobs.report;

import dev.autoloss.model.eval.Summary;
import dev.autoloss.model.experiment.EpochRecord;
import dev.autoloss.model.experiment.MethodResult;
import dev.autoloss.model.experiment.RunResult;
import dev.autoloss.model.search.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The charts of an {@code experiment --out} file: test AUC and log-loss per method with sd error bars (the paper's
 * Table 2 as a picture), validation AUC over training steps, and the controller's loss weights and temperature.
 * Seeds stop early at different epochs: a curve's point k is the mean over the runs that trained epoch k.
 */
final class ExperimentCharts {

    private static final int STACKED_PLOT_HEIGHT = 220;

    private ExperimentCharts() {}

    static ReportSection draw(Path file, String stem, ExperimentJson experiment, ChartWriter charts) {
        List<MethodResult> methods = experiment.methods();
        if (methods.isEmpty()) {
            throw new IllegalArgumentException(file + ": \"methods\" is empty, nothing to draw");
        }
        for (int i = 0; i < methods.size(); i++) {
            List<RunResult> runs = methods.get(i).runs();
            for (int j = 0; j < runs.size(); j++) {
                if (runs.get(j).history().isEmpty()) {
                    throw new IllegalArgumentException(file + ": at methods[" + i + "].runs[" + j + "]: \"history\" is empty");
                }
            }
        }
        String seeds = "mean ± sd over " + experiment.settings().seeds() + " seed(s)";
        List<Chart> drawn = new ArrayList<>();
        drawn.add(charts.write(stem + "-test-auc", Charts.pointsWithErrorBars("Test AUC per method (" + seeds + ")",
                "method", "test AUC", perMethod(methods, "test AUC", MethodResult::testAuc))));
        drawn.add(charts.write(stem + "-test-logloss", Charts.pointsWithErrorBars("Test log-loss per method (" + seeds + ")",
                "method", "test log-loss", perMethod(methods, "test log-loss", MethodResult::testLogLoss))));
        drawn.add(charts.write(stem + "-validation-auc", Charts.linesWithErrorBars("Validation AUC after each epoch (" + seeds + ")",
                "training steps", "validation AUC", validationCurves(methods))));

        List<MethodResult> weighting = methods.stream().filter(m -> !m.fixedLoss()).toList();
        if (!weighting.isEmpty()) {
            List<XYDataset> weights = weighting.stream().map(m -> (XYDataset) lossWeights(m.runs())).toList();
            drawn.add(charts.write(stem + "-loss-weights", Charts.stacked("Mean weight per candidate loss after each epoch (mean over seeds)",
                    "training steps", "weight", weighting.stream().map(MethodResult::method).toList(), weights),
                    ChartWriter.HEIGHT / 3 + STACKED_PLOT_HEIGHT * weighting.size()));
        }
        methods.stream().filter(m -> m.method().equals(Method.AUTOLOSS.cliName())).findFirst().ifPresent(autoloss -> {
            XYSeriesCollection temperature = new XYSeriesCollection(
                    meanCurve(autoloss.method(), byEpoch(autoloss.runs()), EpochRecord::temperature));
            drawn.add(charts.write(stem + "-temperature", Charts.lines("Gumbel-softmax temperature of autoloss after each epoch",
                    "training steps", "temperature", temperature)));
        });
        ExperimentJson.Dataset data = experiment.dataset();
        return new ReportSection(String.format("Experiment: %s on %s (%s, %s)", experiment.settings().model(), data.path(),
                data.format(), data.task()), file.toString(), drawn);
    }

    private static DefaultStatisticalCategoryDataset perMethod(List<MethodResult> methods, String figure,
            Function<MethodResult, Summary> summary) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (MethodResult m : methods) {
            Summary s = summary.apply(m);
            data.add(s.mean(), s.sd(), figure, m.method() + " " + s.format(4));
        }
        return data;
    }

    private static YIntervalSeriesCollection validationCurves(List<MethodResult> methods) {
        YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
        for (MethodResult m : methods) {
            YIntervalSeries curve = new YIntervalSeries(m.method());
            for (List<EpochRecord> epoch : byEpoch(m.runs())) {
                Summary auc = Summary.of(epoch.stream().mapToDouble(EpochRecord::validationAuc).filter(Double::isFinite).toArray());
                if (auc.n() > 0) {
                    curve.add(meanStep(epoch), auc.mean(), auc.mean() - auc.sd(), auc.mean() + auc.sd());
                }
            }
            curves.addSeries(curve);
        }
        return curves;
    }

    private static XYSeriesCollection lossWeights(List<RunResult> runs) {
        List<List<EpochRecord>> epochs = byEpoch(runs);
        XYSeriesCollection weights = new XYSeriesCollection();
        for (String candidate : epochs.get(0).get(0).lossWeights().keySet()) {
            weights.addSeries(meanCurve(candidate, epochs, r -> r.lossWeights().getOrDefault(candidate, Double.NaN)));
        }
        return weights;
    }

    private static XYSeries meanCurve(String name, List<List<EpochRecord>> epochs, ToDoubleFunction<EpochRecord> figure) {
        XYSeries curve = new XYSeries(name);
        for (List<EpochRecord> epoch : epochs) {
            curve.add(meanStep(epoch), epoch.stream().mapToDouble(figure).average().orElseThrow());
        }
        return curve;
    }

    /** Element k: the records of epoch k+1 of every run that trained it. */
    private static List<List<EpochRecord>> byEpoch(List<RunResult> runs) {
        List<List<EpochRecord>> epochs = new ArrayList<>();
        for (RunResult run : runs) {
            for (int k = 0; k < run.history().size(); k++) {
                if (epochs.size() == k) {
                    epochs.add(new ArrayList<>());
                }
                epochs.get(k).add(run.history().get(k));
            }
        }
        return epochs;
    }

    private static double meanStep(List<EpochRecord> epoch) {
        return epoch.stream().mapToLong(EpochRecord::step).average().orElseThrow();
    }
}
