package dev.autoloss.jobs.report;

import dev.autoloss.jobs.train.TrainingStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of a live train job, from its status history: prequential and validation AUC over events trained,
 * the controller's loss weights and temperature over steps, and freshness p50/p99 over time.
 */
final class LiveJobCharts {

    private LiveJobCharts() {}

    /** @param history the status records, oldest first, at least one */
    static ReportSection draw(String source, List<TrainingStatus> history, ChartWriter charts) {
        List<Chart> drawn = new ArrayList<>();
        XYSeriesCollection auc = new XYSeriesCollection();
        auc.addSeries(figure("prequential (test, then train)", history, TrainingStatus::prequential));
        auc.addSeries(figure("validation", history, TrainingStatus::validation));
        drawn.add(charts.write("live-auc", Charts.lines("AUC over the last events of each status record",
                "events trained", "AUC", auc)));

        Set<String> candidates = new LinkedHashSet<>();
        history.forEach(s -> candidates.addAll(s.lossWeights().keySet()));
        if (!candidates.isEmpty()) {
            XYSeriesCollection weights = new XYSeriesCollection();
            for (String candidate : candidates) {
                XYSeries series = new XYSeries(candidate);
                history.stream().filter(s -> s.lossWeights().containsKey(candidate))
                        .forEach(s -> series.add(s.step(), s.lossWeights().get(candidate)));
                weights.addSeries(series);
            }
            drawn.add(charts.write("live-loss-weights", Charts.lines("Mean weight per candidate loss (last batch of each record)",
                    "training steps", "weight", weights)));
            XYSeries temperature = new XYSeries("temperature");
            history.forEach(s -> temperature.add(s.step(), s.temperature()));
            drawn.add(charts.write("live-temperature", Charts.lines("Gumbel-softmax temperature", "training steps", "temperature",
                    new XYSeriesCollection(temperature))));
        }

        if (history.stream().anyMatch(s -> s.freshnessP99Millis() >= 0)) {
            long start = history.get(0).updatedAtMillis();
            XYSeriesCollection freshness = new XYSeriesCollection();
            freshness.addSeries(seconds("p50", history, start, TrainingStatus::freshnessP50Millis));
            freshness.addSeries(seconds("p99", history, start, TrainingStatus::freshnessP99Millis));
            JFreeChart chart = Charts.lines("Freshness: append to Kafka -> in a published version",
                    "seconds since the first status record", "freshness (s)", freshness);
            // a delay is read against zero
            ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(true);
            drawn.add(charts.write("live-freshness", chart));
        }
        TrainingStatus last = history.get(history.size() - 1);
        return new ReportSection(String.format("Live train job: %,d status records, %,d events trained, step %,d, version %d",
                history.size(), last.eventsTrained(), last.step(), last.modelVersion()), source, drawn);
    }

    private static XYSeries figure(String name, List<TrainingStatus> history, Function<TrainingStatus, TrainingStatus.Figures> figures) {
        XYSeries series = new XYSeries(name);
        for (TrainingStatus s : history) {
            Double auc = figures.apply(s).auc();
            if (auc != null) {
                series.add(s.eventsTrained(), auc);
            }
        }
        return series;
    }

    /** Seconds since {@code start} against the figure in seconds; records where it is unknown (-1) are left out. */
    private static XYSeries seconds(String name, List<TrainingStatus> history, long start, ToLongFunction<TrainingStatus> millis) {
        XYSeries series = new XYSeries(name);
        for (TrainingStatus s : history) {
            long value = millis.applyAsLong(s);
            if (value >= 0) {
                series.add((s.updatedAtMillis() - start) / 1e3, value / 1e3);
            }
        }
        return series;
    }
}
