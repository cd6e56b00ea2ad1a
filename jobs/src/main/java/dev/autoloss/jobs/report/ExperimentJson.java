package dev.autoloss.jobs.report;

import dev.autoloss.model.experiment.MethodResult;
import java.util.List;

/** The parts of an {@code experiment --out} JSON (an {@code ExperimentReport}) that a report draws. */
record ExperimentJson(Dataset dataset, Settings settings, List<MethodResult> methods) {

    record Dataset(String path, String format, String task) {}

    record Settings(String model, int seeds) {}
}
