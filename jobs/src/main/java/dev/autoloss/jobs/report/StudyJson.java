package dev.autoloss.jobs.report;

import dev.autoloss.model.study.MethodSummary;
import java.util.List;

/** The parts of a {@code study --out} JSON (a {@code StudyReport}) that a report draws. */
record StudyJson(Settings settings, double tail, List<Condition> conditions) {

    record Settings(int seeds, Stream stream) {}

    record Stream(int events) {}

    record Condition(String condition, List<MethodSummary> methods) {}
}
