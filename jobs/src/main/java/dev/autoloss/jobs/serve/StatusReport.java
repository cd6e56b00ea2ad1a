package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.SnapshotKeys;
import dev.autoloss.jobs.snapshot.SnapshotKind;
import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.jobs.snapshot.SnapshotReader;
import dev.autoloss.jobs.train.TrainingStatus;
import io.lettuce.core.Range;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Redis says about a model, for people: the published versions (kind, base, size, age, training
 * progress at the time) and the train job's status record (rates, prequential and validation quality,
 * the controller's loss-weight distribution, lag, freshness).
 */
public final class StatusReport {

    private final String location;
    private final List<SnapshotManifest> versions;
    private final long latest;
    private final TrainingStatus status;

    private StatusReport(String location, List<SnapshotManifest> versions, long latest, TrainingStatus status) {
        this.location = location;
        this.versions = versions;
        this.latest = latest;
        this.status = status;
    }

    /** Reads the kept versions' manifests and the status record under {@code keys}. */
    public static StatusReport read(RedisEndpoint redis, SnapshotKeys keys) {
        long latest = new SnapshotReader(redis, keys).latestVersion();
        List<SnapshotManifest> versions = new ArrayList<>();
        for (byte[] member : redis.sync().zrangebyscore(keys.versions(), Range.unbounded())) {
            long version = Long.parseLong(new String(member, StandardCharsets.US_ASCII));
            byte[] json = redis.sync().get(keys.manifest(version));
            if (json != null) { // expired between the two reads
                versions.add(SnapshotManifest.fromJson(keys.manifest(version), new String(json, StandardCharsets.UTF_8)));
            }
        }
        return new StatusReport(redis.address() + " prefix " + keys.prefix(), versions, latest,
                TrainingStatus.read(redis, keys).orElse(null));
    }

    public boolean empty() {
        return latest == 0 && status == null;
    }

    public TrainingStatus status() {
        return status;
    }

    /** The report as lines of text, ages relative to {@code nowMillis}. */
    public List<String> lines(long nowMillis) {
        List<String> lines = new ArrayList<>();
        if (empty()) {
            lines.add("nothing published at " + location + " (no model version, no training status)");
            return lines;
        }
        lines.add("model at " + location + ": latest version " + (latest == 0 ? "none" : latest));
        for (SnapshotManifest m : versions) {
            String kind = m.kind() == SnapshotKind.FULL ? "full" : "delta on " + m.base();
            lines.add(String.format("  version %d: %s, %s, published %s ago%s%s", m.version(), kind, bytes(m.bytes()),
                    age(nowMillis - m.createdAtMillis()), fact(m.meta(), "step", ", step "), fact(m.meta(), "eventsTrained", ", events trained ")));
        }
        if (status == null) {
            lines.add("no training status record yet");
            return lines;
        }
        TrainingStatus s = status;
        lines.add(String.format("training (status of %s ago): step %,d, controller steps %,d, %,d events trained (%,.0f/s), %,d validation, %,d rejected",
                age(nowMillis - s.updatedAtMillis()), s.step(), s.controllerSteps(), s.eventsTrained(), s.eventsPerSecond(),
                s.validationEvents(), s.rejected()));
        lines.add("  prequential " + figures(s.prequential()) + "; validation " + figures(s.validation()));
        if (!s.lossWeights().isEmpty()) {
            StringBuilder weights = new StringBuilder("  loss weights:");
            s.lossWeights().forEach((name, w) -> weights.append(String.format(" %s %.3f", name, w)));
            lines.add(weights.append(String.format("; temperature %.3f", s.temperature())).toString());
        }
        lines.add(String.format("  published version %d %s ago; Kafka lag %s; publish failures %,d; freshness %s",
                s.modelVersion(), s.lastPublishMillis() == 0 ? "(never)" : age(nowMillis - s.lastPublishMillis()),
                s.kafkaLag() < 0 ? "unknown" : String.format("%,d", s.kafkaLag()), s.publishFailures(),
                s.freshnessP99Millis() < 0 ? "unknown" : String.format("p50 %.1f s p99 %.1f s", s.freshnessP50Millis() / 1e3, s.freshnessP99Millis() / 1e3)));
        for (TrainingStatus.TrainerFigures t : s.trainers()) {
            lines.add(String.format("  trainer %d: %,d events trained (%,.0f/s), prequential AUC %s, validation AUC %s; staleness p50 %s, max %s (%,d deltas added)",
                    t.trainer(), t.eventsTrained(), t.eventsPerSecond(), number(t.prequential().auc()), number(t.validation().auc()),
                    staleness(t.stalenessMillisP50(), t.stalenessStepsP50()), staleness(t.stalenessMillisMax(), t.stalenessStepsMax()), t.deltasAdded()));
        }
        return lines;
    }

    /** How far behind the other trainers a trainer's weights were when it added their deltas. */
    private static String staleness(long millis, long steps) {
        return millis < 0 ? "-" : String.format("%.1f s / %,d steps", millis / 1e3, steps);
    }

    private static String figures(TrainingStatus.Figures f) {
        return String.format("AUC %s log-loss %s (last %,d events)", number(f.auc()), number(f.logLoss()), f.examples());
    }

    private static String number(Double value) {
        return value == null ? "-" : String.format("%.4f", value);
    }

    private static String fact(Map<String, String> meta, String key, String label) {
        String value = meta.get(key);
        return value == null ? "" : label + value;
    }

    private static String bytes(long bytes) {
        return bytes < 1 << 20 ? String.format("%.1f KiB", bytes / 1024.0) : String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }

    static String age(long millis) {
        long ms = Math.max(0, millis);
        if (ms < 60_000) {
            return String.format("%.1f s", ms / 1e3);
        }
        if (ms < 3_600_000) {
            return String.format("%d min %d s", ms / 60_000, ms / 1000 % 60);
        }
        return String.format("%d h %d min", ms / 3_600_000, ms / 60_000 % 60);
    }
}
