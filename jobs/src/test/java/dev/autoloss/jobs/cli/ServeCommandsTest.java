package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.serve.PredictionKeys;
import dev.autoloss.jobs.serve.PredictionRecord;
import dev.autoloss.jobs.serve.PredictionStore;
import dev.autoloss.jobs.serve.Scores;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.SnapshotKeys;
import dev.autoloss.jobs.snapshot.SnapshotPayload;
import dev.autoloss.jobs.snapshot.StoreSettings;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.testing.SharedData;
import dev.autoloss.jobs.train.TrainOptions;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.model.train.Trainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** predict, query and status against a model and records published to the real Redis on 127.0.0.1:6379. */
class ServeCommandsTest {

    private static final TrainOptions TRAINED = TrainOptions.parse("--format", "criteo", "--model", "deepfm", "--method", "autoloss",
            "--table-rows", "4096");
    private static final Map<String, String> MODEL = withStep(TrainerFactory.meta(TRAINED));
    static final String STATUS = """
            {"updatedAtMillis":%d,"modelVersion":1,"lastPublishMillis":%d,"step":2,"controllerSteps":0,"eventsTrained":400,
             "validationEvents":40,"rejected":3,"eventsPerSecond":1234.5,
             "prequential":{"auc":0.71,"logLoss":0.52,"examples":400},"validation":{"auc":null,"logLoss":0.55,"examples":40},
             "lossWeights":{"ce":0.6,"focal":0.4},"temperature":0.9,"kafkaLag":7,"publishFailures":0,
             "freshnessP50Millis":-1,"freshnessP99Millis":-1,"trainedIdDigest":0}""";

    private static RedisPrefix prefix;
    private static List<String> lines;
    private static float[] trainerScores;

    @BeforeAll
    static void publishModel() throws Exception {
        prefix = RedisPrefix.onSharedRedis();
        lines = Files.readAllLines(SharedData.require("criteo/criteo_train_8000.tsv"), StandardCharsets.UTF_8).subList(0, 500);
        ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Schema.of(Format.CRITEO).defaultTask());
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            examples.add(parser.parse(new RawRecord("train", i + 1, lines.get(i))));
        }
        try (RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS); Trainer trainer = TrainerFactory.create(TRAINED)) {
            trainer.train(examples.subList(0, 200));
            trainer.train(examples.subList(200, 400));
            trainerScores = trainer.predict(examples.subList(400, 500));
            RedisSnapshotStore store = new RedisSnapshotStore(redis, StoreSettings.defaults(prefix.prefix()));
            store.publish(SnapshotPayload.full(1, trainer.saveState(), MODEL));
            long now = System.currentTimeMillis();
            store.writeStatus(String.format(STATUS, now, now));
        }
    }

    @AfterAll
    static void cleanUp() {
        prefix.close();
    }

    @Test
    void predictPrintsTheTrainersScoreForEachLineAndAnErrorForABadOne(@TempDir Path dir) throws Exception {
        List<String> requests = new ArrayList<>(lines.subList(400, 500));
        requests.add("\tnot-a-number" + "\t1".repeat(12) + "\ta".repeat(26));
        Path file = Files.write(dir.resolve("requests.tsv"), requests, StandardCharsets.UTF_8);

        Run run = run("predict", "--format", "criteo", "--data", file.toString(), "--batch-size", "100",
                "--redis", RedisPrefix.SHARED_REDIS, "--redis-prefix", prefix.prefix());

        assertEquals(0, run.exit, run.err);
        List<String> out = run.out.lines().toList();
        assertEquals(101, out.size(), "one result per input line: " + run.out);
        for (int i = 0; i < 100; i++) {
            PredictionRecord record = PredictionRecord.fromJson("line " + (i + 1), out.get(i));
            assertEquals("requests.tsv:" + (i + 1), record.requestId());
            assertEquals(trainerScores[i], record.score(), "line " + (i + 1) + " is not scored as the trainer scores it");
            assertEquals(1L, record.version());
        }
        PredictionRecord bad = PredictionRecord.fromJson("line 101", out.get(100));
        assertEquals("BAD_NUMBER", bad.error().reason());
        assertEquals("not-a-number", bad.error().value());
        assertTrue(run.err.contains("1 had errors"), run.err);
    }

    @Test
    void queryPrintsStoredRecordsAndSaysWhichAreAbsent() {
        try (RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS)) {
            new PredictionStore(redis, new PredictionKeys(prefix.prefix()))
                    .writeAll(List.of(PredictionRecord.scored("req-1", new Scores(1, 1_000, 1, new float[] {0.25f}), 0, 1_200)), Duration.ofMinutes(1));
        }

        Run run = run("query", "req-1", "req-2", "--redis-prefix", prefix.prefix(), "--redis", RedisPrefix.SHARED_REDIS);

        assertEquals(List.of("{\"requestId\":\"req-1\",\"version\":1,\"score\":0.25,\"modelAgeMillis\":200,\"scoredAtMillis\":1200}",
                "req-2 absent"), run.out.lines().toList());
        assertEquals(OneLineErrors.FAILED, run.exit, "a query with an absent id exits non-zero");
    }

    @Test
    void statusShowsVersionsTrainingFiguresAndLossWeights() {
        Run run = run("status", "--redis-prefix", prefix.prefix(), "--redis", RedisPrefix.SHARED_REDIS);

        assertEquals(0, run.exit, run.err);
        assertTrue(run.out.contains("latest version 1"), run.out);
        assertTrue(run.out.contains("version 1: full"), run.out);
        assertTrue(run.out.contains("400 events trained"), run.out);
        assertTrue(run.out.contains("prequential AUC 0.7100 log-loss 0.5200"), run.out);
        assertTrue(run.out.contains("validation AUC - log-loss 0.5500"), run.out);
        assertTrue(run.out.contains("loss weights: ce 0.600 focal 0.400"), run.out);
    }

    @Test
    void statusOfAnEmptyPrefixSaysNothingIsPublished() {
        Run run = run("status", "--redis-prefix", prefix.prefix() + "-empty", "--redis", RedisPrefix.SHARED_REDIS);

        assertEquals(OneLineErrors.FAILED, run.exit);
        assertTrue(run.out.contains("nothing published"), run.out);
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AutolossCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The meta of a version published at step 2, which the status report shows. */
    private static Map<String, String> withStep(Map<String, String> meta) {
        Map<String, String> withStep = new HashMap<>(meta);
        withStep.put("step", "2");
        return Map.copyOf(withStep);
    }
}
