package dev.autoloss.jobs.train;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.metrics.MetricGroup;

/**
 * The train job's Flink metrics: gauges that read the last status record, so that the metric reporter's thread never
 * touches a trainer. Each trainer registers them, and with several trainers the merged model too; a trainer of several
 * adds how stale its weights are.
 */
final class StatusGauges {

    private StatusGauges() {}

    static void register(MetricGroup metrics, Supplier<TrainingStatus> last, List<String> candidates) {
        gauge(metrics, last, "eventsTrained", 0L, TrainingStatus::eventsTrained);
        gauge(metrics, last, "validationEvents", 0L, TrainingStatus::validationEvents);
        gauge(metrics, last, "rejected", 0L, TrainingStatus::rejected);
        gauge(metrics, last, "skippedBatches", 0L, TrainingStatus::skippedBatches);
        gauge(metrics, last, "step", 0L, TrainingStatus::step);
        gauge(metrics, last, "controllerSteps", 0L, TrainingStatus::controllerSteps);
        gauge(metrics, last, "eventsPerSecond", 0.0, TrainingStatus::eventsPerSecond);
        gauge(metrics, last, "temperature", null, TrainingStatus::temperature);
        gauge(metrics, last, "modelVersion", 0L, TrainingStatus::modelVersion);
        gauge(metrics, last, "lastPublishMillis", 0L, TrainingStatus::lastPublishMillis);
        gauge(metrics, last, "publishFailures", 0L, TrainingStatus::publishFailures);
        gauge(metrics, last, "kafkaLag", -1L, TrainingStatus::kafkaLag);
        gauge(metrics, last, "prequentialAuc", null, s -> s.prequential().auc());
        gauge(metrics, last, "prequentialLogLoss", null, s -> s.prequential().logLoss());
        gauge(metrics, last, "validationAuc", null, s -> s.validation().auc());
        gauge(metrics, last, "validationLogLoss", null, s -> s.validation().logLoss());
        gauge(metrics, last, "freshnessP50Millis", -1L, TrainingStatus::freshnessP50Millis);
        gauge(metrics, last, "freshnessP99Millis", -1L, TrainingStatus::freshnessP99Millis);
        for (String name : candidates) {
            gauge(metrics, last, "lossWeight_" + name, null, s -> s.lossWeights().get(name));
        }
    }

    /** A trainer of several: the staleness of its weights ({@link TrainingStatus.TrainerFigures}). */
    static void registerStaleness(MetricGroup metrics, Supplier<TrainingStatus> last) {
        Function<TrainingStatus, TrainingStatus.TrainerFigures> own = s -> s.trainers().isEmpty() ? null : s.trainers().get(0);
        gauge(metrics, last, "stalenessMillisP50", -1L, s -> own.apply(s) == null ? -1L : own.apply(s).stalenessMillisP50());
        gauge(metrics, last, "stalenessMillisMax", -1L, s -> own.apply(s) == null ? -1L : own.apply(s).stalenessMillisMax());
        gauge(metrics, last, "stalenessStepsP50", -1L, s -> own.apply(s) == null ? -1L : own.apply(s).stalenessStepsP50());
        gauge(metrics, last, "stalenessStepsMax", -1L, s -> own.apply(s) == null ? -1L : own.apply(s).stalenessStepsMax());
    }

    private static <T> void gauge(MetricGroup metrics, Supplier<TrainingStatus> last, String name, T none, Function<TrainingStatus, T> value) {
        metrics.gauge(name, () -> {
            TrainingStatus status = last.get();
            return status == null ? none : value.apply(status);
        });
    }
}
