package dev.autoloss.jobs.bench;

import dev.autoloss.model.train.RunProfile;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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
        for (TrainerThroughput.Result r : results) {
            printProfile(out, r);
        }
    }

    private static void printProfile(PrintWriter out, TrainerThroughput.Result r) {
        if (r.profile().isEmpty()) {
            return;
        }
        out.printf("%nWhere %s + %s's time goes (ms per run; op time is TensorFlow's, summed over its threads):%n", r.model(), r.method());
        out.printf("%-16s %6s %10s %8s %8s  %s%n", "run", "runs", "prepare", "run", "ops", "op types with the most time");
        for (RunProfile.Figures f : r.profile()) {
            String ops = f.ops().stream()
                    .map(op -> String.format(Locale.ROOT, "%s %.0f%%", op.op(), 100 * op.share()))
                    .collect(Collectors.joining(", "));
            out.printf(Locale.ROOT, "%-16s %6d %10.2f %8.2f %8.2f  %s%n", f.kind(), f.runs(), f.prepareMillis(), f.runMillis(), f.opMillis(), ops);
        }
    }
}
