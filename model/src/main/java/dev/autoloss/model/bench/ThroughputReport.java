package dev.autoloss.model.bench;

import java.util.List;

/**
 * The JSON of {@code autoloss bench trainer --out FILE.json}.
 *
 * @param benchmark {@code trainer}
 * @param results one per model and method
 */
public record ThroughputReport(String benchmark, List<TrainerThroughput.Result> results) {}
