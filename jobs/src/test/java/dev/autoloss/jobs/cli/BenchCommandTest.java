package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
