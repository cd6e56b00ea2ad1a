package dev.autoloss.jobs.train;

import dev.autoloss.jobs.resume.JobLineage;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.jobs.snapshot.SnapshotReader;
import io.lettuce.core.RedisException;
import java.util.Map;

/**
 * A new model must not replace a published one unnoticed: a train job that starts with neither checkpoint nor
 * savepoint, under a Redis prefix that already holds a model, stops and says what the operator can do.
 */
final class PublishedModelCheck {

    private PublishedModelCheck() {}

    /** Throws, naming the published version and the ways on, when the prefix holds a model; returns when it holds none. */
    static void refuseToReplace(TrainOptions options, JobLineage lineage) {
        String prefix = options.redis.prefix;
        long latest;
        Map<String, String> meta;
        try (RedisEndpoint redis = RedisEndpoint.connect(options.redis.address())) {
            SnapshotReader reader = new SnapshotReader(redis, options.storeSettings().keys());
            latest = reader.latestVersion();
            if (latest == 0) {
                return;
            }
            meta = reader.manifestIfKept(latest).map(SnapshotManifest::meta).orElse(Map.of());
        } catch (RedisException e) {
            throw new IllegalStateException("Redis does not answer, so whether prefix '" + prefix + "' already holds a model is unknown,"
                    + " and this job has no checkpoint in " + lineage.folder() + ": start Redis, or add --fresh to start a new model regardless");
        }
        String trained = meta.containsKey("step") ? " (step " + meta.get("step") + ", " + meta.get("eventsTrained") + " events trained)" : "";
        throw new IllegalStateException("Redis prefix '" + prefix + "' already holds model version " + latest + trained
                + ", and this job has no checkpoint in " + lineage.folder() + " to go on from: give the checkpoint folder it used"
                + " (--checkpoint-dir) or a savepoint (--from-savepoint), add --resume-from-redis to go on from its newest full version"
                + " (Kafka must still hold the events since), add --fresh to train a new model that replaces it, or choose another --redis-prefix");
    }
}
