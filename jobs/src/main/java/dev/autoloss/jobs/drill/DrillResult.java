package dev.autoloss.jobs.drill;

import java.io.PrintStream;
import java.util.List;

/**
 * One drill's outcome (the JSON record of {@code autoloss drill --out}).
 *
 * @param drill             which fault
 * @param eventsSent        records in the drill's topic at its end (the events replayed, any a producer wrote twice, and filler)
 * @param eventsTrained     training events the job's counters say it trained, across the fault
 * @param lost              training events sent but not trained (by count)
 * @param duplicates        training events trained more than once (by count)
 * @param digestMatches     whether the trained events' id digest is that of the training events sent, each once
 * @param versionsMonotonic whether the latest version only ever went up, and every read of it found it whole
 * @param recoverySeconds   from the fault until a version newer than any served before it was served
 * @param passed            every check held
 * @param recordsWrittenTwice records of the topic whose event id an earlier record has: written twice by the replaying producer
 *                          (Kafka producers write at least once across a broker restart), each trained as the record it is
 * @param detail            what failed, or empty
 */
public record DrillResult(String drill, long eventsSent, long eventsTrained, long lost, long duplicates, boolean digestMatches,
                          boolean versionsMonotonic, double recoverySeconds, boolean passed, long recordsWrittenTwice,
                          String detail) {

    /** A drill that could not finish (a stage waited past its patience, or a step threw): failed, saying why. */
    public static DrillResult failed(String drill, String why) {
        return new DrillResult(drill, 0, 0, 0, 0, false, false, Double.NaN, false, 0, why);
    }

    public static void printTable(List<DrillResult> results, PrintStream out) {
        out.printf("%-16s %11s %14s %5s %10s %7s %19s %10s %7s %14s%n",
                "drill", "eventsSent", "eventsTrained", "lost", "duplicates", "digest", "versionsMonotonic", "recovery", "passed", "writtenTwice");
        for (DrillResult r : results) {
            out.printf("%-16s %,11d %,14d %5d %10d %7s %19s %9.1fs %7s %14d%n", r.drill, r.eventsSent, r.eventsTrained, r.lost, r.duplicates,
                    r.digestMatches ? "ok" : "WRONG", r.versionsMonotonic, r.recoverySeconds, r.passed ? "yes" : "NO", r.recordsWrittenTwice);
            if (!r.detail.isEmpty()) {
                out.println("  " + r.detail);
            }
        }
    }
}
