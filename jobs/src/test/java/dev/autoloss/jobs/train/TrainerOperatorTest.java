package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.jobs.snapshot.SnapshotReader;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.jobs.testing.SharedKafka;
import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer operator in Flink's operator test harness: its state taken at a checkpoint and restored into a new
 * instance, which goes on from there, publishing only what completed checkpoints hold.
 */
class TrainerOperatorTest {

    private static final int BATCH = 32;

    @TempDir
    Path checkpoints;

    @Test
    void aRestoredOperatorTrainsTheReplayedEventsOnceAndPublishesOnlyCompletedCheckpoints() throws Exception {
        List<ParsedEvent> events = events(400);
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis(); RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_ADDRESS)) {
            TrainOptions options = TrainOptions.parse("--bootstrap", SharedKafka.get().bootstrapServers(), "--topic", "operator-test",
                    "--table-rows", "4096", "--batch-size", "" + BATCH, "--method", "autoloss",
                    "--redis", RedisPrefix.SHARED_REDIS, "--redis-prefix", prefix.prefix(), "--checkpoint-dir", checkpoints.toUri().toString());
            SnapshotReader reader = new SnapshotReader(redis, options.storeSettings().keys());
            RedisSnapshotStore store = new RedisSnapshotStore(redis, options.storeSettings());

            OperatorSubtaskState checkpoint;
            var first = harness(options);
            try {
                first.open();
                for (ParsedEvent event : events.subList(0, 150)) {
                    first.processElement1(event, 0);
                }
                first.processElement2(new RejectedEvent("k", "bad", "BAD_LABEL", "operator-test/0@150: label", "operator-test", 0, 150), 0);
                checkpoint = first.snapshot(1, 0);
                first.notifyOfCompletedCheckpoint(1);
                awaitLatest(store, 2);
                for (ParsedEvent event : events.subList(150, 300)) {
                    first.processElement1(event, 0); // trained, but never checkpointed: lost with the instance
                }
                first.snapshot(2, 0); // a checkpoint that never completes: its version is never published
            } finally {
                first.getOperator().close(); // as after a failure: closed without finish()
                first.getEnvironment().close();
            }
            Map<String, String> published = reader.readLatest().orElseThrow().manifest().meta();
            assertEquals("128", published.get("eventsTrained"), "4 whole batches of the first 150 events");
            assertEquals(List.of(1L, 2L), store.versions(), "the run's base version (step 0) and checkpoint 1's delta on it; checkpoint 2 did not complete");
            assertEquals(Long.valueOf(1), reader.readLatest().orElseThrow().manifest().base());

            try (var second = harness(options)) {
                second.initializeState(checkpoint);
                second.open();
                for (ParsedEvent event : events.subList(150, 400)) { // Kafka replays from the checkpoint's offsets
                    second.processElement1(event, 0);
                }
                second.endInput1();
                second.endInput2();
                second.snapshot(3, 0);
                second.notifyOfCompletedCheckpoint(3);
                awaitLatest(store, 4);
            }
            SnapshotManifest latest = reader.readLatest().orElseThrow().manifest();
            assertEquals(List.of(1L, 2L, 3L, 4L), store.versions(), "the restored run's base version (step 4) and a delta on it;"
                    + " the lost instance's version 3 never got out, so the number is given again");
            assertEquals(Long.valueOf(3), latest.base());
            assertEquals("400", latest.meta().get("eventsTrained"), "every event trained once: the partial batch came back with the state");
            assertEquals(Long.toString(digest(events)), latest.meta().get("trainedIdDigest"));
            assertEquals(Long.toString((400 + BATCH - 1) / BATCH), latest.meta().get(SnapshotManifest.STEP));
            TrainingStatus status = TrainingStatus.read(redis, options.storeSettings().keys()).orElseThrow();
            assertEquals(4, status.restoredAtStep(), "the final status record says where this run restored from");
            assertEquals(400, status.eventsTrained());
            assertEquals(1, status.rejected(), "the rejected event counted before the checkpoint came back with it");
            assertEquals(4, status.modelVersion());
        }
    }

    private static TwoInputStreamOperatorTestHarness<ParsedEvent, RejectedEvent, ReplicaDelta> harness(TrainOptions options) throws Exception {
        var harness = new TwoInputStreamOperatorTestHarness<>(new TrainerOperator(options, null));
        harness.setup();
        return harness;
    }

    private static void awaitLatest(RedisSnapshotStore store, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (store.latestVersion() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(store.latestVersion() >= atLeast, "no version " + atLeast + " was published; latest " + store.latestVersion());
    }

    private static List<ParsedEvent> events(int n) throws Exception {
        CriteoGenerator generator = new CriteoGenerator(GeneratorConfig.defaults().withSeed(17));
        ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Task.BINARY);
        List<ParsedEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new ParsedEvent(parser.parse(new RawRecord("generated", i + 1, generator.nextLine())), false, -1, 0, i));
        }
        return events;
    }

    private static long digest(List<ParsedEvent> events) {
        long digest = EventIdDigest.EMPTY;
        for (ParsedEvent event : events) {
            digest = EventIdDigest.add(digest, event.example().eventId());
        }
        return digest;
    }
}
