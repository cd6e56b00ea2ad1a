package dev.autoloss.jobs.report;

import dev.autoloss.jobs.bench.ThroughputReport;
import dev.autoloss.jobs.bench.TrainerThroughput;
import java.nio.file.Path;
import java.util.List;
import org.jfree.data.category.DefaultCategoryDataset;

/** The chart of a {@code bench trainer --out} file: training examples/s per model, one bar per method. */
final class ThroughputCharts {

    private ThroughputCharts() {}

    static ReportSection draw(Path file, String stem, ThroughputReport report, ChartWriter charts) {
        if (report.results().isEmpty()) {
            throw new IllegalArgumentException(file + ": \"results\" is empty, nothing to draw");
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (TrainerThroughput.Result r : report.results()) {
            data.addValue(r.examplesPerSecond(), r.method(), r.model());
        }
        TrainerThroughput.Result first = report.results().get(0);
        String title = String.format("Trainer throughput (batch %,d, %,d-row table)", first.batchSize(), first.tableRows());
        return new ReportSection("Trainer throughput", file.toString(),
                List.of(charts.write(stem + "-throughput", Charts.bars(title, "model", "training examples/s", data))));
    }
}
