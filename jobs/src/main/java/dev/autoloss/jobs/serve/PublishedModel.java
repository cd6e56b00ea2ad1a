package dev.autoloss.jobs.serve;

import static dev.autoloss.model.train.TrainerSettings.*;

import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.train.TrainerConfig;
import java.time.Duration;
import java.util.Map;

/**
 * The model the train job publishes, as a server loads it. A version's manifest says what wrote it (the
 * train job's {@code meta}): enough to build a trainer of the same state shape to restore it into, and
 * the format its requests must have.
 */
public final class PublishedModel {

    private PublishedModel() {}

    /** Follows the versions under {@code redis}'s prefix, loading each for requests of {@code format}. */
    public static ModelFollower follow(RedisOptions redis, Format format, Duration pollInterval) {
        return ModelFollower.start(redis.address(), redis.snapshotKeys(), loader(format), pollInterval);
    }

    /** Waits for the first version; throws, saying what to check, when none loads in time. */
    public static void awaitFirst(ModelFollower follower, RedisOptions redis, Duration wait) throws InterruptedException {
        if (!follower.awaitVersion(1, wait)) {
            throw new IllegalStateException(follower.loadFailures() > 0
                    ? "the latest model version under " + redis.snapshotKeys().latest() + " at " + redis.address() + " could not be loaded (the log says why)"
                    : "no model version under " + redis.snapshotKeys().latest() + " at " + redis.address() + " after " + wait.toSeconds()
                            + " s: has the train job published one? (autoloss status --redis ... shows what is there)");
        }
    }

    /** Loads versions of a model trained on {@code requests}' format into trainers; refuses a model of another format. */
    public static PredictorLoader loader(Format requests) {
        PredictorLoader restore = TrainerPredictor.loader(manifest -> servingConfig(TrainerFactory.configFor(manifest)));
        return snapshot -> {
            Format trained = format(snapshot.manifest());
            if (trained != requests) {
                throw new IllegalArgumentException("version " + snapshot.version() + " was trained on " + trained.cliName()
                        + " lines, but the requests are " + requests.cliName() + " lines");
            }
            return restore.load(snapshot);
        };
    }

    /**
     * The trainer settings for scoring: TensorFlow runs each call on one thread, so that the next
     * version, loading on the other core, does not slow requests down (a single example gains nothing
     * from more threads; the score job scales by parallel instances instead).
     */
    static TrainerConfig servingConfig(TrainerConfig trained) {
        return trained.toBuilder().set(INTRA_OP_THREADS, 1).set(INTER_OP_THREADS, 1).build();
    }

    static Format format(SnapshotManifest manifest) {
        return Format.byName(meta(manifest.version(), manifest.meta(), "format"));
    }

    private static String meta(long version, Map<String, String> meta, String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new IllegalArgumentException("the manifest of version " + version + " does not say the model's " + key
                    + " (meta." + key + "), so no trainer can be built to load it");
        }
        return value;
    }
}
