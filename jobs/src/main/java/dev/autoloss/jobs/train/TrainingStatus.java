package dev.autoloss.jobs.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.SnapshotKeys;
import dev.autoloss.model.eval.Quality;
import io.lettuce.core.Range;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compact status record of the training job, written to Redis ({@code PREFIX:status}) and logged
 * as one line. Undefined figures (an AUC before both classes were seen) are null in the JSON.
 *
 * @param updatedAtMillis    when this record was made (epoch ms)
 * @param modelVersion       latest version published by this job (0 before the first)
 * @param lastPublishMillis  when it was published (epoch ms, 0 before the first)
 * @param step               DRS (W) steps taken
 * @param restoredAtStep     the step of the checkpoint this run of the job restored, -1 when it started afresh
 * @param controllerSteps    controller (V) steps taken
 * @param eventsTrained      training events trained on
 * @param validationEvents   validation events received
 * @param rejected           malformed events sent to the dead-letter topic
 * @param skippedBatches     training batches skipped because their loss or a gradient was not finite
 * @param eventsPerSecond    training events per second since the previous record
 * @param firstTrainedMillis when this run of the job trained its first batch (epoch ms, 0 before)
 * @param lastTrainedMillis  when it trained its last batch so far (epoch ms, 0 before)
 * @param prequential        test-then-train AUC/log-loss over the last training events
 * @param validation         AUC/log-loss of validation events, each scored once on arrival
 * @param lossWeights        mean weight per candidate loss over the last training batch
 * @param temperature        Gumbel-softmax temperature
 * @param kafkaLag           events in the topic not yet received (-1 unknown)
 * @param publishFailures    failed attempts to write to Redis since the job (re)started
 * @param freshnessP50Millis median time from append to Kafka to a published version including the event (-1 unknown)
 * @param freshnessP99Millis its 99th percentile (-1 unknown)
 * @param trainedIdDigest    {@link EventIdDigest} of the trained event ids
 * @param trainers           with several trainers ({@code --trainers}), each one's figures; empty with one
 */
public record TrainingStatus(
        long updatedAtMillis,
        long modelVersion,
        long lastPublishMillis,
        long step,
        long restoredAtStep,
        long controllerSteps,
        long eventsTrained,
        long validationEvents,
        long rejected,
        long skippedBatches,
        double eventsPerSecond,
        long firstTrainedMillis,
        long lastTrainedMillis,
        Figures prequential,
        Figures validation,
        Map<String, Double> lossWeights,
        double temperature,
        long kafkaLag,
        long publishFailures,
        long freshnessP50Millis,
        long freshnessP99Millis,
        long trainedIdDigest,
        List<TrainerFigures> trainers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainingStatus {
        trainers = trainers == null ? List.of() : List.copyOf(trainers); // records written before there were several
    }

    /**
     * One of several trainers: its share of the work, and how stale its weights are (see {@link ReplicaStaleness}):
     * the age of the other trainers' deltas when it added them, and the steps they brought, median and largest
     * over its recent ones (-1 before the first).
     */
    public record TrainerFigures(int trainer, long eventsTrained, double eventsPerSecond, Figures prequential, Figures validation,
                                 long stalenessMillisP50, long stalenessMillisMax, long stalenessStepsP50, long stalenessStepsMax,
                                 long deltasAdded) {}

    /** AUC and log-loss (null while undefined) over {@code examples} events. */
    public record Figures(Double auc, Double logLoss, int examples) {
        static Figures of(Quality quality) {
            return new Figures(defined(quality.auc()), defined(quality.logLoss()), quality.examples());
        }

        private static Double defined(double value) {
            return Double.isFinite(value) ? value : null;
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status record", e);
        }
    }

    /** The status record the train job keeps under {@code keys}, or empty before its first. */
    public static Optional<TrainingStatus> read(RedisEndpoint redis, SnapshotKeys keys) {
        byte[] json = redis.sync().get(keys.status());
        return json == null ? Optional.empty() : Optional.of(fromJson(new String(json, StandardCharsets.UTF_8)));
    }

    /** The status records the train job appended to the history under {@code keys}, oldest first (empty before the first). */
    public static List<TrainingStatus> history(RedisEndpoint redis, SnapshotKeys keys) {
        return redis.sync().xrange(keys.statusHistory(), Range.create("-", "+")).stream()
                .map(entry -> fromJson(new String(entry.getBody().get(SnapshotKeys.STATUS_HISTORY_FIELD), StandardCharsets.UTF_8)))
                .toList();
    }

    public static TrainingStatus fromJson(String json) {
        try {
            return JSON.readValue(json, TrainingStatus.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable status record: " + e.getMessage(), e);
        }
    }

    /** The one-line summary for the log. */
    public String summary() {
        StringBuilder line = new StringBuilder(String.format("step %,d | trained %,d (%,.0f/s) | preq AUC %s logloss %s | val AUC %s | ",
                step, eventsTrained, eventsPerSecond, fmt(prequential.auc()), fmt(prequential.logLoss()), fmt(validation.auc())));
        if (!lossWeights.isEmpty()) {
            line.append("weights");
            lossWeights.forEach((name, w) -> line.append(' ').append(name).append(String.format(" %.3f", w)));
            line.append(String.format(" | tau %.3f | ", temperature));
        }
        line.append(String.format("version %d | lag %,d | rejected %,d | skipped batches %,d", modelVersion, kafkaLag, rejected, skippedBatches));
        if (freshnessP99Millis >= 0) {
            line.append(String.format(" | freshness p50 %.1f s p99 %.1f s", freshnessP50Millis / 1e3, freshnessP99Millis / 1e3));
        }
        for (TrainerFigures t : trainers) {
            line.append(String.format(" | trainer %d: %,d (%,.0f/s) preq AUC %s, staleness p50 %d ms %d steps", t.trainer(), t.eventsTrained(),
                    t.eventsPerSecond(), fmt(t.prequential().auc()), t.stalenessMillisP50(), t.stalenessStepsP50()));
        }
        return line.toString();
    }

    private static String fmt(Double value) {
        return value == null ? "-" : String.format("%.4f", value);
    }
}
