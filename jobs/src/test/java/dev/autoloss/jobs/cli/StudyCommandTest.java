package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudyCommandTest {

    @TempDir
    Path dir;

    @Test
    void aStudyComparesEachMethodWithCeOnTheCleanLabelsAndWritesItsFiguresAsJsonThatReportDraws() throws IOException {
        Path json = dir.resolve("study.json");
        CliRun run = CliRun.of("study", "--conditions", "concentrated-noise", "--methods", "ce,oracle", "--seeds", "2", "--events", "20000",
                "--false-positive-share", "0.4", "--batch-size", "250", "--table-rows", "16384", "--hidden", "32", "--learning-rate", "0.01",
                "--graph-optimization", "false", "--out", json.toString());
        assertEquals(0, run.exitCode(), run.err());

        assertTrue(run.err().contains("[4/4] concentrated-noise seed 2 oracle: AUC 0."), run.err());
        assertTrue(run.out().contains("concentrated-noise: 0.4"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("method\\s+AUC\\s+Δ\\s+p\\s+log-loss\\s+Δ\\s+p\\s+ECE\\s+Δ\\s+p\\s+observed AUC\\s+s/run")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("oracle\\s+0\\.\\d{4}±0\\.\\d{4}\\s+[+-]0\\.\\d{4}\\s+(0\\.\\d{3}|1\\.000|-)\\s+.*")), run.out());

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(List.of("concentrated-noise"), texts(root.path("settings").path("conditions")));
        assertEquals(List.of("ce", "oracle"), texts(root.path("settings").path("methods")));
        assertEquals(20000, root.path("settings").path("stream").path("events").asInt());
        assertEquals("C13", root.path("itemField").asText());
        assertEquals(0.2, root.path("tail").asDouble());
        assertEquals(250, root.path("trainer").path("batchSize").asInt());
        JsonNode condition = root.path("conditions").path(0);
        assertEquals("concentrated-noise", condition.path("condition").asText());
        JsonNode ce = condition.path("methods").path(0);
        JsonNode oracle = condition.path("methods").path(1);
        assertEquals("oracle", oracle.path("method").asText());
        for (JsonNode method : List.of(ce, oracle)) {
            for (String figure : List.of("auc", "logLoss", "calibrationError", "observedAuc", "seconds")) {
                assertEquals(2, method.path(figure).path("n").asInt(), figure);
            }
            assertEquals(2, method.path("runs").size());
            for (JsonNode r : method.path("runs")) {
                assertTrue(r.path("auc").asDouble() > 0.5, "the planted teacher can be learned: " + r);
                assertEquals(10, r.path("aucByTenth").size());
                assertEquals(20000, r.path("stream").path("clicks").asLong());
                assertTrue(r.path("trainedEvents").asLong() > 18_000, r.toString());
            }
        }
        assertEquals(3, condition.path("comparisons").size(), "oracle against ce on auc, logLoss and calibrationError");
        JsonNode calibration = condition.path("comparisons").path(2);
        assertEquals("calibrationError", calibration.path("metric").asText());
        assertEquals("ce", calibration.path("baseline").asText());
        for (int seed = 0; seed < 2; seed++) {
            // 40% of ce's positives are false: it predicts far more clicks than there are; the oracle does not
            JsonNode ceRun = ce.path("runs").path(seed);
            JsonNode oracleRun = oracle.path("runs").path(seed);
            double rate = ceRun.path("cleanPositiveRate").asDouble();
            assertTrue(ceRun.path("meanPrediction").asDouble() > rate + 0.08, ceRun.toString());
            assertEquals(rate, oracleRun.path("meanPrediction").asDouble(), 0.05, oracleRun.toString());
            assertTrue(oracleRun.path("calibrationError").asDouble() < ceRun.path("calibrationError").asDouble() - 0.05,
                    "seed " + (seed + 1) + ": the oracle's calibration error is far below ce's");
            // ce learns the noisy items' inflated click rates and misranks them (by about 0.05 AUC at this share and length)
            assertTrue(oracleRun.path("auc").asDouble() > ceRun.path("auc").asDouble() + 0.01,
                    "seed " + (seed + 1) + ": oracle " + oracleRun.path("auc") + ", ce " + ceRun.path("auc"));
        }

        CliRun report = CliRun.of("report", json.toString(), "--to", dir.resolve("report").toString());
        assertEquals(0, report.exitCode(), report.err());
        ReportCommandTest.assertCharts(dir.resolve("report"), "study-auc", "study-calibration-error", "study-concentrated-noise-learning");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--conditions|clean,noisy|unknown condition 'noisy'; valid conditions: clean, concentrated-noise, uniform-noise, delayed",
        "--methods|ce,truth|unknown method 'truth'; valid methods: oracle, ce, focal",
        "--methods|ce,ce|methods: name each method once",
        "--seeds|0|seeds must be at least 1, got 0",
        "--false-positive-share|1|false-positive-share must be in [0, 1), got 1.0",
        "--wait-window|-1|wait-window must be at least 0 events, got -1.0"})
    void aBadFlagIsRefusedInOneLine(String flag, String value, String message) {
        CliRun run = CliRun.of("study", flag, value);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(message), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
