package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoloss.jobs.replay.GeneratedLines;
import dev.autoloss.jobs.train.ValidationSplit;
import dev.autoloss.model.features.GeneratorConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bench commands work and report; their figures are not checked here (speed comes from running them). */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void benchAloneListsItsSubcommands() {
        CliRun run = CliRun.of("bench");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("trainer"), run.out());
    }

    @Test
    void benchTrainerReportsExamplesPerSecondForEachModelAndMethod() throws IOException {
        Path json = dir.resolve("bench.json");
        CliRun run = CliRun.of("bench", "trainer", "--seconds", "0.2", "--warmup", "1", "--batch-size", "100",
                "--table-rows", "4096", "--models", "deepfm", "--methods", "ce,autoloss", "--out", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("deepfm\\s+autoloss\\s+[\\d,]+\\s+\\d+\\s+\\d+\\s+[\\d.]+")),
                run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("trainer", root.path("benchmark").asText());
        assertEquals(2, root.path("results").size());
        assertEquals("autoloss", root.path("results").path(1).path("method").asText());
        assertTrue(root.path("results").path(1).path("examplesPerSecond").asDouble() > 0);
    }

    @Test
    void benchTrainerProfileShowsWhereEachKindOfRunSpendsItsTime() throws IOException {
        Path json = dir.resolve("profile.json");
        CliRun run = CliRun.of("bench", "trainer", "--seconds", "1", "--warmup", "1", "--batch-size", "100", "--table-rows", "4096",
                "--controller-every", "1", "--models", "deepfm", "--methods", "autoloss", "--profile", "--out", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Where deepfm + autoloss's time goes"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("controller step\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+\\S+ \\d+%.*")), run.out());
        JsonNode profile = new ObjectMapper().readTree(json.toFile()).path("results").path(0).path("profile");
        assertEquals(2, profile.size(), profile.toString());
        for (JsonNode kind : profile) {
            assertTrue(kind.path("tracedRuns").asLong() >= 1, kind.toString());
            assertTrue(kind.path("runMillis").asDouble() > 0, kind.toString());
            assertTrue(kind.path("ops").size() > 0 && kind.path("ops").path(0).path("share").asDouble() > 0, kind.toString());
        }
    }

    @Test
    void benchServeReportsRequestToPredictionLatency() throws IOException {
        Path json = dir.resolve("serve.json");
        CliRun run = CliRun.of("bench", "serve", "--seconds", "1", "--requests", "200", "--table-rows", "4096",
                "--request-rate", "100", "--out", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("request to prediction at 100 requests/s: p50"), run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        double p50 = root.path("requestToPredictionP50Millis").asDouble();
        double p99 = root.path("requestToPredictionP99Millis").asDouble();
        assertTrue(p50 > 0 && p50 < 60_000, "p50 " + p50);
        assertTrue(p99 >= p50 && p99 < 60_000, "p99 " + p99);
    }

    @Test
    void unknownModelIsRejectedListingTheValidOnes() {
        CliRun run = CliRun.of("bench", "trainer", "--models", "deepfm,wide");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown model 'wide'; valid models: deepfm, ipnn"), run.err());
    }

    @Test
    void benchScaleTrainsEveryTrainingEventOnOneTrainerAndOnReplicasThatExchangeDeltas() throws IOException {
        Path json = dir.resolve("scale.json");
        int events = 20_000;
        CliRun run = CliRun.of("bench", "scale", "--events", "" + events, "--trainers", "2", "--sync-interval", "100ms",
                "--batch-size", "250", "--table-rows", "16384", "--hidden", "32", "--learning-rate", "0.01", "--graph-optimization", "false",
                "--out", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s+2\\s+1\\s+[\\d,]+\\s+[\\d.]+\\s+0\\.\\d{4}\\s+0\\.\\d{4}\\s+\\d+/\\d+\\s+\\d+/\\d+\\s+[\\d.]+/[\\d.]+")),
                run.out());
        assertTrue(run.out().contains("speedup of 2 trainers over 1: "), run.out());
        String source = GeneratedLines.sourceOf(GeneratorConfig.DEFAULT_SEED);
        ValidationSplit split = new ValidationSplit(0.1);
        long training = LongStream.rangeClosed(1, events).filter(line -> !split.isValidation(source + ":" + line)).count();

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(training, root.path("trainingEvents").asLong());
        for (String field : List.of("events", "syncIntervalMillis", "model", "method", "batchSize", "cores", "speedup", "aucDelta",
                "validationAucDelta")) {
            assertTrue(root.has(field), field);
        }
        JsonNode runs = root.path("runs");
        assertEquals(2, runs.size());
        for (int i = 0; i < 2; i++) {
            JsonNode r = runs.path(i);
            assertEquals(i + 1, r.path("trainers").asInt());
            assertEquals(1, r.path("threads").asInt());
            assertEquals(training, r.path("eventsTrained").asLong(), "every training event trained once, by one of the trainers");
            assertTrue(r.path("eventsPerSecond").asDouble() > 0 && r.path("seconds").asDouble() > 0, r.toString());
            for (String auc : List.of("prequentialAuc", "validationAuc")) {
                double value = r.path(auc).asDouble();
                assertTrue(value > 0.5 && value <= 1, auc + " " + value + " on a stream with a planted teacher");
            }
        }
        JsonNode replicas = runs.path(1);
        assertTrue(replicas.path("deltasAdded").asInt() > 0, replicas.toString());
        assertTrue(replicas.path("stalenessMillisP50").asDouble() >= 0, replicas.toString());
        assertTrue(replicas.path("stalenessMillisMax").asDouble() >= replicas.path("stalenessMillisP50").asDouble(), replicas.toString());
        assertTrue(replicas.path("stalenessStepsMax").asDouble() >= 1, replicas.toString());
        assertTrue(replicas.path("deltaBytesP50").asDouble() > 0, replicas.toString());
        assertEquals("NaN", runs.path(0).path("stalenessMillisP50").asText(), "one trainer adds no deltas");
        assertEquals(runs.path(1).path("eventsPerSecond").asDouble() / runs.path(0).path("eventsPerSecond").asDouble(),
                root.path("speedup").asDouble(), 1e-9);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--trainers|1|--trainers must be in 2..127, got 1",
        "--threads|0|--threads must be at least 1, got 0",
        "--events|0|--events must be in 1..",
        "--sync-interval|0s|--sync-interval must be positive",
        "--sync-interval|2 seconds|'2 seconds' is not a duration",
        "--validation-share|1|--validation-share: validation share must be in [0, 1), got 1.0"})
    void benchScaleRefusesABadFlagInOneLine(String flag, String value, String message) {
        CliRun run = CliRun.of("bench", "scale", flag, value);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(message), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }
}
