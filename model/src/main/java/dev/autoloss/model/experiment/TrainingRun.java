package dev.autoloss.model.experiment;

import dev.autoloss.model.eval.Quality;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.train.ControllerFile;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trains one method on one seed's split as docs/algorithm.md ("Evaluation") says: epochs over the
 * shuffled training set, a validation batch to the controller whenever it is due, validation AUC after
 * each epoch with early stopping, and the best epoch's model (kept with {@link Trainer#saveState})
 * measured on test. A frozen controller is loaded before the first step; a controller to keep is written
 * from the best epoch's restored model.
 */
final class TrainingRun {

    /** Called after each epoch with its validation quality. */
    interface EpochListener {
        void epochFinished(int epoch, Quality validation);
    }

    private final TrainerConfig config;
    private final int maxEpochs;
    private final int patience;
    private final ControllerFile frozen;
    private final Path saveController;

    /**
     * @param frozen a controller to train with, fixed, or null
     * @param saveController where to write the best epoch's controller, or null
     */
    TrainingRun(TrainerConfig config, int maxEpochs, int patience, ControllerFile frozen, Path saveController) {
        this.config = config;
        this.maxEpochs = maxEpochs;
        this.patience = patience;
        this.frozen = frozen;
        this.saveController = saveController;
    }

    RunResult run(String method, long seed, DataSplit split, EpochListener listener) {
        long started = System.nanoTime();
        int batchSize = config.batchSize();
        // separate streams, so methods with and without a controller see the same training order
        Random trainingOrder = new Random(seed);
        Random validationOrder = new Random(~seed);
        EarlyStopping stopping = new EarlyStopping(patience);
        try (Trainer trainer = new Trainer(config)) {
            if (frozen != null) {
                frozen.freezeInto(trainer);
            }
            ControllerBatches controllerBatches = new ControllerBatches(split.validation(), batchSize, validationOrder);
            byte[] best = null;
            List<EpochRecord> history = new ArrayList<>();
            while (stopping.epochs() < maxEpochs && !stopping.shouldStop()) {
                List<Example> shuffled = new ArrayList<>(split.train());
                Collections.shuffle(shuffled, trainingOrder);
                for (List<Example> batch : Batches.of(shuffled, batchSize)) {
                    trainer.train(batch);
                    if (trainer.controllerDue()) {
                        trainer.trainController(controllerBatches.next());
                    }
                }
                Quality validation = Batches.quality(trainer, split.validation(), batchSize);
                if (stopping.record(validation.auc())) {
                    best = trainer.saveState();
                }
                history.add(new EpochRecord(stopping.epochs(), trainer.step(), validation.auc(), trainer.lossWeights(),
                        trainer.temperature()));
                listener.epochFinished(stopping.epochs(), validation);
            }
            if (best == null) {
                throw new IllegalStateException(method + ", seed " + seed
                        + ": validation AUC was never defined; does the validation split hold both classes?");
            }
            long steps = trainer.step();
            long controllerSteps = trainer.controllerSteps();
            long skipped = trainer.skippedBatches();
            trainer.restoreState(best);
            if (saveController != null) {
                ControllerFile.save(trainer, saveController);
            }
            // measured again rather than remembered: it shows that the restored model is the best epoch's
            Quality validation = Batches.quality(trainer, split.validation(), batchSize);
            Quality test = Batches.quality(trainer, split.test(), batchSize);
            return new RunResult(method, seed, stopping.epochs(), stopping.bestEpoch(), validation.auc(),
                    test.auc(), test.logLoss(), steps, controllerSteps, skipped, (System.nanoTime() - started) / 1e9,
                    List.copyOf(history));
        }
    }
}
