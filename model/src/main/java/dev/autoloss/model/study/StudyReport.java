package dev.autoloss.model.study;

import java.util.List;
import java.util.Map;

/**
 * Everything a {@code study} measured; written as JSON ({@code --out}), its fields documented in docs/reports.md.
 *
 * @param trainer   every trainer setting of the first method's run on seed 1; runs differ in method, candidates and seed
 * @param itemField the Criteo field whose value is the item of the concentrated noise
 * @param tail      the share of the stream, at its end, that the figures are measured over
 * @param seconds   wall time of all runs
 */
public record StudyReport(StudySettings settings, Map<String, Object> trainer, String itemField, double tail,
        List<ConditionResult> conditions, double seconds) {}
