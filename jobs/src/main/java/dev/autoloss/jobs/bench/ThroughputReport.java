package dev.autoloss.jobs.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * What {@code autoloss bench trainer} measured, and its JSON ({@code --out FILE.json}).
 *
 * @param benchmark {@code trainer}
 * @param results one per model and method
 */
public record ThroughputReport(String benchmark, List<TrainerThroughput.Result> results) {

    /** The table the command prints. */
    public void print(PrintWriter out) {
        TrainerThroughput.Result first = results.get(0);
        out.printf(Locale.ROOT, "Trainer throughput: %,d-row table, %d fields, batch %d, %d warm-up steps excluded, %d core(s)%n",
                first.tableRows(), first.fields(), first.batchSize(), first.warmupSteps(), Runtime.getRuntime().availableProcessors());
        out.printf("%-8s %-9s %12s %7s %11s %8s%n", "model", "method", "examples/s", "steps", "ctrl steps", "seconds");
        for (TrainerThroughput.Result r : results) {
            out.printf(Locale.ROOT, "%-8s %-9s %,12.0f %7d %11d %8.1f%n",
                    r.model(), r.method(), r.examplesPerSecond(), r.steps(), r.controllerSteps(), r.seconds());
        }
    }
}
