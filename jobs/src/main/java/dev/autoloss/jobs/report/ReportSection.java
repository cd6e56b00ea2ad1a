package dev.autoloss.jobs.report;

import java.util.List;

/** The charts drawn from one source (a JSON file, a live job's history), under one heading of index.md. */
record ReportSection(String heading, String source, List<Chart> charts) {}
