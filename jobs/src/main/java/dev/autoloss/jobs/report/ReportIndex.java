package dev.autoloss.jobs.report;

import java.util.List;

/** The report's index.md: a heading per source, each chart embedded as its PNG with a link to its SVG. */
final class ReportIndex {

    private ReportIndex() {}

    static String markdown(List<ReportSection> sections) {
        StringBuilder md = new StringBuilder("# AutoLoss report\n");
        for (ReportSection section : sections) {
            md.append("\n## ").append(section.heading()).append("\n\nFrom `").append(section.source()).append("`.\n");
            for (Chart chart : section.charts()) {
                md.append("\n### ").append(chart.title()).append("\n\n")
                        .append("![").append(chart.title()).append("](").append(chart.png()).append(")\n\n")
                        .append("[SVG](").append(chart.svg()).append(")\n");
            }
        }
        return md.toString();
    }
}
