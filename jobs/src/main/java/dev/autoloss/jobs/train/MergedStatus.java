package dev.autoloss.jobs.train;

import dev.autoloss.jobs.snapshot.SnapshotPublisher;
import dev.autoloss.model.train.Trainer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status record of a job with several trainers: their counts and rates summed, their windowed AUC and
 * log-loss averaged (weighted by the events in each window), the merged model's step and versions, and each
 * trainer's own figures.
 */
final class MergedStatus {

    private MergedStatus() {}

    /**
     * @param trainers each trainer's last status (from its last delta)
     * @param merged   the merged model
     */
    static TrainingStatus of(Collection<TrainingStatus> trainers, Trainer merged, VersionPublication versions, long restoredAtStep) {
        versions.drainPublished();
        SnapshotPublisher publisher = versions.publisher();
        long controllerSteps = 0;
        long events = 0;
        long validation = 0;
        long rejected = 0;
        long skipped = 0;
        long digest = EventIdDigest.EMPTY;
        double rate = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        long lag = -1;
        List<TrainingStatus.TrainerFigures> figures = new ArrayList<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        for (TrainingStatus t : trainers) {
            controllerSteps += t.controllerSteps();
            events += t.eventsTrained();
            validation += t.validationEvents();
            rejected += t.rejected();
            skipped += t.skippedBatches();
            digest += t.trainedIdDigest();
            rate += t.eventsPerSecond();
            if (t.firstTrainedMillis() > 0) {
                first = Math.min(first, t.firstTrainedMillis());
            }
            last = Math.max(last, t.lastTrainedMillis());
            lag = Math.max(lag, t.kafkaLag()); // each trainer receives from every partition: the one furthest behind
            figures.addAll(t.trainers());
            t.lossWeights().forEach((name, w) -> weights.merge(name, w / trainers.size(), Double::sum));
        }
        return new TrainingStatus(System.currentTimeMillis(), publisher.lastPublishedVersion(), publisher.lastPublishMillis(), merged.step(),
                restoredAtStep, controllerSteps, events, validation, rejected, skipped, rate, first == Long.MAX_VALUE ? 0 : first, last,
                mean(trainers, true), mean(trainers, false), weights, merged.temperature(), lag, publisher.publishFailures(),
                versions.freshnessMillis(0.5), versions.freshnessMillis(0.99), digest, figures);
    }

    /** The trainers' prequential (or validation) figures averaged, weighted by the events in each one's window. */
    private static TrainingStatus.Figures mean(Collection<TrainingStatus> trainers, boolean prequential) {
        double auc = 0;
        double logLoss = 0;
        int aucExamples = 0;
        int logLossExamples = 0;
        int examples = 0;
        for (TrainingStatus t : trainers) {
            TrainingStatus.Figures f = prequential ? t.prequential() : t.validation();
            examples += f.examples();
            if (f.auc() != null) {
                auc += f.auc() * f.examples();
                aucExamples += f.examples();
            }
            if (f.logLoss() != null) {
                logLoss += f.logLoss() * f.examples();
                logLossExamples += f.examples();
            }
        }
        return new TrainingStatus.Figures(aucExamples == 0 ? null : auc / aucExamples, logLossExamples == 0 ? null : logLoss / logLossExamples, examples);
    }
}
