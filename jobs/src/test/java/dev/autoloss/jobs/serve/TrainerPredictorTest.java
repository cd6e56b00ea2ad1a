package dev.autoloss.jobs.serve;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.SnapshotPayload;
import dev.autoloss.jobs.snapshot.StoreSettings;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.RecordReader;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.testing.SharedData;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.TrainerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A served version scores exactly as the trainer that published it, after the trip through Redis. */
class TrainerPredictorTest {

    /** A small DeepFM on Criteo's 39 fields, so the test takes seconds. */
    static TrainerConfig smallCriteoModel() {
        return TrainerConfig.builder().set(FIELD_COUNT, Schema.of(Format.CRITEO).featureCount())
                .set(TABLE_ROWS, 1 << 12).set(EMBEDDING_DIM, 4).set(HIDDEN, List.of(16)).set(BATCH_SIZE, 200).set(MIN_COUNT, 1).set(SEED, 7L).build();
    }

    static List<Example> criteoExamples(int count) throws Exception {
        ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Schema.of(Format.CRITEO).defaultTask());
        List<Example> examples = new ArrayList<>();
        try (RecordReader reader = RecordReader.open(Format.CRITEO, SharedData.require("criteo/criteo_train_8000.tsv"))) {
            while (examples.size() < count && reader.hasNext()) {
                examples.add(parser.parse(reader.next()));
            }
        }
        return examples;
    }

    @Test
    void servedVersionPredictsExactlyAsTheTrainer() throws Exception {
        TrainerConfig config = smallCriteoModel();
        List<Example> examples = criteoExamples(800);
        List<Example> scored = examples.subList(600, 800);
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis();
             RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS);
             Trainer trainer = new Trainer(config)) {
            for (int from = 0; from < 600; from += 200) {
                trainer.train(examples.subList(from, from + 200));
            }
            float[] expected = trainer.predict(scored);
            try (Trainer untrained = new Trainer(config)) {
                assertFalse(Arrays.equals(expected, untrained.predict(scored)), "training changed no prediction, so the test cannot tell versions apart");
            }
            StoreSettings settings = StoreSettings.defaults(prefix.prefix()).withChunkBytes(64 * 1024);
            new RedisSnapshotStore(redis, settings).publish(SnapshotPayload.full(1, trainer.saveState(), Map.of()));

            try (ModelFollower follower = followerServing(1, settings, config)) {
                Scores served = follower.score(scored);

                assertEquals(1, served.outputs());
                assertArrayEquals(expected, served.values(), "served scores differ from the trainer's on the same snapshot");
            }
        }
    }

    @Test
    void versionPublishedAsDeltaOnAFullSnapshotPredictsExactlyAsTheTrainer() throws Exception {
        TrainerConfig config = smallCriteoModel();
        List<Example> examples = criteoExamples(1000);
        List<Example> scored = examples.subList(800, 1000);
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis();
             RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS);
             Trainer trainer = new Trainer(config)) {
            StoreSettings settings = StoreSettings.defaults(prefix.prefix()).withChunkBytes(64 * 1024);
            RedisSnapshotStore store = new RedisSnapshotStore(redis, settings);
            trainer.train(examples.subList(0, 200));
            long fullStep = trainer.step();
            store.publish(SnapshotPayload.full(1, trainer.saveState(), Map.of()));
            for (int from = 200; from < 800; from += 200) {
                trainer.train(examples.subList(from, from + 200));
            }
            store.publish(SnapshotPayload.delta(2, 1, trainer.saveDelta(fullStep), Map.of()));
            float[] expected = trainer.predict(scored);

            try (ModelFollower follower = followerServing(2, settings, config)) {
                assertArrayEquals(expected, follower.score(scored).values(), "full + delta serves other scores than the trainer's");
            }
        }
    }

    /** A follower of the store (it loads at start and on announcements; its hourly poll never comes in a test), once it serves {@code version}. */
    private static ModelFollower followerServing(long version, StoreSettings settings, TrainerConfig config) throws InterruptedException {
        ModelFollower follower = ModelFollower.start(RedisPrefix.SHARED_ADDRESS, settings.keys(),
                TrainerPredictor.loader(manifest -> config), Duration.ofHours(1));
        if (!follower.awaitVersion(version, Duration.ofSeconds(30))) {
            follower.close();
            fail("version " + version + " of the trainer's snapshots was not loaded within 30 s");
        }
        return follower;
    }
}
