package dev.autoloss.jobs.cli;

import dev.autoloss.model.report.ReportJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --out FILE.json} flag of {@code experiment} and every {@code bench} command: the printed figures, also as JSON. */
final class JsonReportOption {

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write every figure to this JSON file (fields: docs/reports.md).")
    Path out;

    /** Writes {@code report} (a record) when {@code --out} was given, and says where. */
    void write(Object report, PrintWriter log) throws IOException {
        if (out != null) {
            ReportJson.write(out, report);
            log.println("Wrote " + out);
        }
    }
}
