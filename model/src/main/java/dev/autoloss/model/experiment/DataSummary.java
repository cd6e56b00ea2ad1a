package dev.autoloss.model.experiment;

import java.util.List;
import java.util.Map;

/**
 * What an experiment read and how it split it (the split sizes are the same for every seed).
 *
 * @param path the data file or directory
 * @param format the format's command-line name
 * @param task the task's command-line name
 * @param classes model outputs: 1 for binary, K for K classes
 * @param fields features per example
 * @param rows rows read, good and bad
 * @param badRows rows skipped as bad
 * @param badRowsByReason skipped rows per reason
 * @param firstBadRows the messages of the first skipped rows
 */
public record DataSummary(
        String path, String format, String task, int classes, int fields, long rows, long badRows,
        Map<String, Long> badRowsByReason, List<String> firstBadRows, int train, int validation, int test) {

    static DataSummary of(Dataset data, DataSplit split) {
        return new DataSummary(data.path().toString(), data.format().cliName(), data.task().cliName(),
                data.classes(), data.fieldCount(), data.rows(), data.badRows(), data.badRowsByReason(),
                data.firstBadRows(), split.train().size(), split.validation().size(), split.test().size());
    }
}
