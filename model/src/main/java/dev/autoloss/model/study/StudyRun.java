package dev.autoloss.model.study;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.TrainerConfig;
import dev.autoloss.model.train.ValidationBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One method's single pass over one stream, on the trainer directly: training events in batches, each scored in its
 * step's own run before the step (test, then train); validation events (clean labels) into the buffer whose newest
 * batch a controller step takes when one is due. The oracle trains on clean labels and skips late duplicates.
 */
final class StudyRun {

    private static final int TENTHS = 10;

    private final TrainerConfig config;
    private final StudyMethod method;
    private final int batchSize;

    StudyRun(TrainerConfig config, StudyMethod method) {
        this.config = config;
        this.method = method;
        this.batchSize = config.batchSize();
    }

    StudyRunResult run(StudyStream stream, int clicks, long seed) {
        long started = System.nanoTime();
        ClickScores scores = new ClickScores(clicks);
        try (Trainer trainer = new Trainer(config)) {
            ValidationBuffer validation = new ValidationBuffer(batchSize);
            List<StudyEvent> batch = new ArrayList<>(batchSize);
            long trained = 0;
            while (stream.hasNext()) {
                StudyEvent event = stream.next();
                if (event.validation()) {
                    validation.add(event.example());
                } else if (!(method.cleanLabels() && event.conversion())) {
                    batch.add(event);
                    if (batch.size() == batchSize) {
                        trained += step(trainer, batch, validation, scores);
                    }
                }
            }
            if (!batch.isEmpty()) {
                trained += step(trainer, batch, validation, scores);
            }
            ClickScores.Scored tail = scores.between(clicks - (int) Math.round(clicks * Study.TAIL), clicks);
            double[] byTenth = new double[TENTHS];
            for (int k = 0; k < TENTHS; k++) {
                byTenth[k] = scores.between((int) ((long) clicks * k / TENTHS), (int) ((long) clicks * (k + 1) / TENTHS)).auc();
            }
            return new StudyRunResult(seed, tail.auc(), tail.logLoss(), tail.calibrationError(), tail.observedAuc(), tail.meanPrediction(),
                    tail.cleanPositiveRate(), byTenth, trained, trainer.step(), trainer.controllerSteps(), trainer.skippedBatches(),
                    trainer.lossWeights(), stream.counts(), (System.nanoTime() - started) / 1e9);
        }
    }

    /** Trains on {@code batch} (and empties it), keeping its first ingestions' scores; then a controller step if one is due. */
    private int step(Trainer trainer, List<StudyEvent> batch, ValidationBuffer validation, ClickScores scores) {
        List<Example> examples = batch.stream().map(e -> method.cleanLabels() ? e.withCleanLabel() : e.example()).toList();
        float[] predictions = trainer.train(examples, examples).scoredPredictions();
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.get(i).conversion()) {
                scores.add(batch.get(i), predictions[i]);
            }
        }
        if (trainer.controllerDue() && !validation.isEmpty()) {
            trainer.trainController(validation.newest(batchSize));
        }
        int size = batch.size();
        batch.clear();
        return size;
    }
}
