package dev.autoloss.jobs.cli;

import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.DataProfile;
import dev.autoloss.model.features.FieldStats;
import dev.autoloss.model.features.LabelScale;
import dev.autoloss.model.features.LabelStats;
import dev.autoloss.model.features.Reason;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a {@link DataProfile} for people: totals first, then the label, the fields and every kind of rejection. */
final class ProfileReport {

    private final DataProfile profile;
    private final Path data;

    ProfileReport(DataProfile profile, Path data) {
        this.profile = profile;
        this.data = data;
    }

    void print(PrintWriter out) {
        out.printf("%s (format %s, task %s)%n", data, profile.schema().format().cliName(), profile.task().cliName());
        out.printf("rows: %,d parsed, %,d rejected%n", profile.rowsParsed(), profile.rowsRejected());
        printLabel(out, profile.labels());
        if (profile.hasEventTime()) {
            out.printf("event time: %s .. %s (UTC)%n",
                    Instant.ofEpochMilli(profile.minEventTime()), Instant.ofEpochMilli(profile.maxEventTime()));
        }
        printFields(out);
        printRejections(out);
        out.flush();
    }

    private void printLabel(PrintWriter out, LabelStats labels) {
        if (labels.count() == 0) {
            out.println("label: no rows parsed");
            return;
        }
        switch (labels.task()) {
            case BINARY -> out.printf("label: %.2f%% positive (%,d of %,d)%n",
                    100 * labels.positiveRate(), labels.classCounts()[1], labels.count());
            case REGRESSION -> out.printf("label: mean %.4f, min %s, max %s%n", labels.mean(), labels.min(), labels.max());
            case MULTICLASS -> {
                out.println("label: classes");
                long[] counts = labels.classCounts();
                boolean stars = profile.schema().labelScale() == LabelScale.STAR_RATING;
                for (int k = 0; k < counts.length; k++) {
                    out.printf("  class %d%s %,10d  %5.1f%%%n", k, stars ? " (" + (k + 1) + (k == 0 ? " star) " : " stars)") : "",
                            counts[k], 100.0 * counts[k] / labels.count());
                }
            }
        }
    }

    private void printFields(PrintWriter out) {
        out.printf("fields: %d%n", profile.fields().size());
        out.printf("  %-18s %12s %9s%n", "field", "distinct", "missing");
        for (FieldStats field : profile.fields()) {
            String distinct = (field.distinctEstimated() ? "~" : "") + String.format("%,d", field.distinct());
            out.printf("  %-18s %12s %8.1f%%%n", field.feature().name(), distinct, 100 * field.missingRate());
        }
        out.println("  (distinct values as hashed: numeric fields bucketed, missing counted as NULL; ~ marks an estimate)");
    }

    private void printRejections(PrintWriter out) {
        Map<Reason, Long> counts = profile.rejections().counts();
        if (counts.isEmpty()) {
            return;
        }
        out.println("rejected:");
        counts.forEach((reason, count) -> {
            String lines = profile.rejections().first(reason).stream()
                    .map(bad -> Long.toString(bad.lineNumber())).collect(Collectors.joining(", "));
            out.printf("  %s (%s): %,d %s, first at lines %s%n", reason.text(), reason, count, count == 1 ? "row" : "rows", lines);
            for (BadRecordException bad : profile.rejections().first(reason)) {
                out.printf("    %s%n", bad.getMessage());
            }
        });
    }
}
