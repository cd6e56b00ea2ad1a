package dev.autoloss.jobs.report;

import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.SnapshotKeys;
import dev.autoloss.jobs.train.TrainingStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder of charts with an index.md that embeds them ({@code autoloss report}), drawn from {@code experiment},
 * {@code study} and {@code bench trainer} JSON files and from a live train job's status history in Redis.
 */
public final class Report {

    public static final String INDEX = "index.md";

    private final Path dir;
    private final ChartWriter charts;
    private final List<ReportSection> sections = new ArrayList<>();

    private Report(Path dir) {
        this.dir = dir;
        this.charts = new ChartWriter(dir);
    }

    /** A report written into {@code dir}, which is created when missing. */
    public static Report into(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new Report(dir);
    }

    /** Adds the charts of an {@code experiment --out}, {@code study --out} or {@code bench trainer --out} file. */
    public Report addFile(Path json) {
        sections.add(ReportInputs.draw(json, charts));
        return this;
    }

    /** Adds the charts of the train job publishing under {@code keys}, from its status history. */
    public Report addLiveJob(RedisAddress redis, SnapshotKeys keys) {
        List<TrainingStatus> history;
        try (RedisEndpoint endpoint = RedisEndpoint.connect(redis)) {
            history = TrainingStatus.history(endpoint, keys);
        }
        if (history.isEmpty()) {
            throw new IllegalArgumentException("no status history at " + keys.statusHistory() + " on " + redis
                    + ": no train job has written a status record under prefix '" + keys.prefix() + "'");
        }
        sections.add(LiveJobCharts.draw(keys.statusHistory() + " on " + redis, history, charts));
        return this;
    }

    public int chartCount() {
        return sections.stream().mapToInt(s -> s.charts().size()).sum();
    }

    /** Writes index.md and returns its path. */
    public Path writeIndex() throws IOException {
        return Files.writeString(dir.resolve(INDEX), ReportIndex.markdown(sections));
    }
}
