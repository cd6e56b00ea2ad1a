package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench commands work and report; their figures are not checked here (speed comes from running them). */
class BenchCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = AutolossCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void benchAloneListsItsSubcommands() {
        assertEquals(0, run("bench"));
        assertTrue(out.toString().contains("trainer"), out.toString());
    }

    @Test
    void benchTrainerReportsExamplesPerSecondForEachModelAndMethod() throws IOException {
        Path json = dir.resolve("bench.json");
        int code = run("bench", "trainer", "--seconds", "0.2", "--warmup", "1", "--batch", "100", "--table-rows", "4096",
                "--models", "deepfm", "--methods", "ce,autoloss", "--out", json.toString());
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("deepfm\\s+autoloss\\s+[\\d,]+\\s+\\d+\\s+\\d+\\s+[\\d.]+")),
                out.toString());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("trainer", root.path("benchmark").asText());
        assertEquals(2, root.path("results").size());
        assertEquals("autoloss", root.path("results").path(1).path("method").asText());
        assertTrue(root.path("results").path(1).path("examplesPerSecond").asDouble() > 0);
    }

    @Test
    void unknownModelIsRejectedListingTheValidOnes() {
        assertEquals(2, run("bench", "trainer", "--models", "deepfm,wide"));
        assertTrue(err.toString().contains("unknown model 'wide'; valid models: deepfm, ipnn"), err.toString());
    }
}
