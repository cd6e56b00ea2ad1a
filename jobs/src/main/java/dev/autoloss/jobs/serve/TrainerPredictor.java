package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.AssembledSnapshot;
import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.TrainerConfig;
import java.util.List;
import java.util.function.Function;

/**
 * Scores with a {@link Trainer} restored from a version's snapshot and used only for
 * {@link Trainer#predict} (inference mode: no dropout, BatchNorm moving statistics), so served scores
 * are the trainer's own numbers. The trainer is not thread-safe, so calls on one version take turns;
 * the score job has a follower per parallel instance, so its threads never share a version.
 */
public final class TrainerPredictor implements Predictor {

    private final Trainer trainer;

    private TrainerPredictor(Trainer trainer) {
        this.trainer = trainer;
    }

    /** Restores each version (its full snapshot, then its deltas in order) into a trainer built with the settings {@code configOf} reads from its manifest. */
    public static PredictorLoader loader(Function<SnapshotManifest, TrainerConfig> configOf) {
        return snapshot -> new TrainerPredictor(restore(snapshot, configOf.apply(snapshot.manifest())));
    }

    private static Trainer restore(AssembledSnapshot snapshot, TrainerConfig config) {
        Trainer trainer = new Trainer(config);
        try {
            trainer.restoreState(snapshot.full().bytes());
            for (AssembledSnapshot.Part delta : snapshot.deltas()) {
                trainer.applyDelta(delta.bytes());
            }
            return trainer;
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
    }

    @Override
    public synchronized float[] predict(List<Example> batch) {
        return trainer.predict(batch);
    }

    @Override
    public int outputs() {
        return trainer.outputs();
    }

    @Override
    public synchronized void close() {
        trainer.close();
    }
}
