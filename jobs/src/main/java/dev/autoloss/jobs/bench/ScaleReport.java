package dev.autoloss.jobs.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * What {@code autoloss bench scale} measured, and its JSON ({@code --out FILE.json}).
 *
 * @param benchmark {@code scale}
 * @param events generated events in the stream
 * @param trainingEvents those not held out for validation: what each run trains on
 * @param cores the machine's cores
 * @param runs one trainer, then the replicas
 * @param speedup the replicas' events/s over the one trainer's
 * @param aucDelta the replicas' prequential AUC minus the one trainer's
 * @param validationAucDelta the same for validation AUC
 */
public record ScaleReport(String benchmark, int events, int trainingEvents, double validationShare, long syncIntervalMillis,
        String model, String method, int batchSize, int tableRows, int cores, List<Run> runs,
        double speedup, double aucDelta, double validationAucDelta) {

    /**
     * One run over the stream.
     *
     * @param threads TensorFlow's intra- and inter-op threads of each trainer's session
     * @param eventsTrained training events the trainers trained on, together
     * @param steps DRS steps the trainers took, together
     * @param deltasAdded replica deltas the trainers added (0 for one trainer)
     * @param nonFinitePredictions scored events whose prediction was NaN or infinite (the AUCs are NaN then)
     * @param seconds wall time from the trainers' start to the last one's end
     * @param eventsPerSecond training events per second
     * @param prequentialAuc AUC of the training events scored before their step, over the stream's last 20%
     * @param validationAuc AUC of the validation events, scored as they came, over the stream's last 20%
     * @param stalenessMillisP50 time from a delta's taking to its adding, median (NaN without deltas)
     * @param stalenessStepsP50 the sender's own steps a delta held, median
     * @param deltaBytesP50 the size of a delta sent, median (NaN without deltas): what the job writes to Kafka per trainer and checkpoint
     */
    public record Run(int trainers, int threads, long eventsTrained, long steps, int deltasAdded, int nonFinitePredictions,
            double seconds, double eventsPerSecond, double prequentialAuc, double validationAuc,
            double stalenessMillisP50, double stalenessMillisMax, double stalenessStepsP50, double stalenessStepsMax,
            double deltaBytesP50, double deltaBytesMax) {}

    /** The table the command prints. */
    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "Data-parallel training: %,d generated events (%,d training), %s + %s, batch %d (shared by the replicas), %,d-row table, "
                        + "replicas sync every %d ms, %d core(s)%n",
                events, trainingEvents, model, method, batchSize, tableRows, syncIntervalMillis, cores);
        out.printf("%8s %7s %10s %8s %9s %8s %21s %24s %18s%n", "trainers", "threads", "events/s", "seconds", "preq AUC", "val AUC",
                "staleness ms p50/max", "staleness steps p50/max", "delta MB p50/max");
        for (Run r : runs) {
            out.printf(Locale.ROOT, "%8d %7d %,10.0f %8.1f %9.4f %8.4f %21s %24s %18s%n", r.trainers(), r.threads(), r.eventsPerSecond(),
                    r.seconds(), r.prequentialAuc(), r.validationAuc(), pair(r.stalenessMillisP50(), r.stalenessMillisMax(), "%.0f/%.0f"),
                    pair(r.stalenessStepsP50(), r.stalenessStepsMax(), "%.0f/%.0f"), pair(r.deltaBytesP50() / 1e6, r.deltaBytesMax() / 1e6, "%.1f/%.1f"));
        }
        for (Run r : runs) {
            if (r.nonFinitePredictions() > 0) {
                out.printf(Locale.ROOT, "%d trainer(s): %,d scored events got a NaN or infinite prediction: the model broke%n",
                        r.trainers(), r.nonFinitePredictions());
            }
        }
        out.printf(Locale.ROOT, "speedup of %d trainers over 1: %.2fx; AUC delta: prequential %+.4f, validation %+.4f%n",
                runs.get(runs.size() - 1).trainers(), speedup, aucDelta, validationAucDelta);
    }

    private static String pair(double p50, double max, String format) {
        return Double.isNaN(p50) ? "-" : String.format(Locale.ROOT, format, p50, max);
    }
}
