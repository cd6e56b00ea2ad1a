package dev.autoloss.jobs.train;

import dev.autoloss.jobs.snapshot.AssembledSnapshot;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.SnapshotKind;
import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.jobs.snapshot.SnapshotReader;
import dev.autoloss.model.train.Trainer;
import java.io.Serializable;
import java.util.Map;

/**
 * A model taken up again from the newest full version Redis holds ({@code --resume-from-redis}), for when the job's
 * checkpoints are lost: the trainer's whole state (weights and optimizer) is in every full version, and its meta says
 * which Kafka offsets its state had not yet trained, so the job reads on from there and trains each event once more
 * only if the version had not. What came after that full version (its deltas) is trained again from Kafka, which must
 * still hold those events.
 *
 * @param version the full version
 * @param step    its trainer step
 * @param offsets per partition, where the job's Kafka source starts
 */
record PublishedStart(long version, long step, Map<Integer, Long> offsets) implements Serializable {

    /** The newest full version under the job's prefix, checked to fit the job; throws a one-line explanation when none does. */
    static PublishedStart find(TrainOptions options) {
        String prefix = options.redis.prefix;
        try (RedisEndpoint redis = RedisEndpoint.connect(options.redis.address())) {
            SnapshotReader reader = new SnapshotReader(redis, options.storeSettings().keys());
            long latest = reader.latestVersion();
            SnapshotManifest top = reader.manifestIfKept(latest)
                    .orElseThrow(() -> new IllegalStateException("--resume-from-redis: Redis prefix '" + prefix + "' holds no complete version"));
            long full = top.kind() == SnapshotKind.FULL ? top.version() : top.base();
            SnapshotManifest manifest = reader.manifestIfKept(full).orElseThrow(() -> new IllegalStateException(
                    "--resume-from-redis: version " + latest + "'s full base " + full + " is gone from Redis prefix '" + prefix + "'"));
            Map<String, String> meta = manifest.meta();
            String offsets = meta.get(ResumeOffsets.META_KEY);
            if (offsets == null) {
                throw new IllegalStateException("--resume-from-redis: version " + full + " does not say which Kafka offsets it had trained"
                        + " (published by an older release); start a new model with --fresh");
            }
            if (!options.topic.equals(meta.get(ResumeOffsets.TOPIC_META_KEY))) {
                throw new IllegalStateException("--resume-from-redis: version " + full + " was trained on topic '"
                        + meta.get(ResumeOffsets.TOPIC_META_KEY) + "', not --topic '" + options.topic + "'");
            }
            TrainerFactory.requireSameTrainer(manifest, options);
            return new PublishedStart(full, Long.parseLong(meta.get(SnapshotManifest.STEP)), ResumeOffsets.decode(offsets));
        }
    }

    /** Restores {@code trainer} from the version (in the trainer operator) and returns the counters its meta carried. */
    TrainingCounters restore(TrainOptions options, Trainer trainer) {
        try (RedisEndpoint redis = RedisEndpoint.connect(options.redis.address())) {
            AssembledSnapshot snapshot = new SnapshotReader(redis, options.storeSettings().keys()).read(version);
            trainer.restoreState(snapshot.full().bytes());
            Map<String, String> meta = snapshot.manifest().meta();
            long[] received = new long[offsets.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
            offsets.forEach((partition, offset) -> received[partition] = offset);
            return new TrainingCounters(Long.parseLong(meta.get("eventsTrained")), 0, 0, Long.parseLong(meta.get("trainedIdDigest")),
                    version, step, received.clone(), received);
        }
    }
}
