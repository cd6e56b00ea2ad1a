package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.GeneratorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExperimentCommandTest {

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
    void unknownMethodIsRejectedInOneLineListingTheValidOnes() {
        int code = run("experiment", "--data", "x.tsv", "--format", "criteo", "--methods", "ce,bogus");
        assertEquals(2, code);
        assertTrue(err.toString().contains("unknown method 'bogus'; valid methods: ce, focal, kl, hinge"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), "one line, no stack trace: " + err);
    }

    @Test
    void aTaskTheFormatHasNotIsABadFlag() {
        assertEquals(2, run("experiment", "--data", "x.tsv", "--format", "criteo", "--task", "multiclass"));
        assertTrue(err.toString().contains("format criteo has no multiclass task; valid tasks: binary"), err.toString());
    }

    @Test
    void experimentPrintsTheTable2LayoutAndWritesTheFiguresAsJson() throws IOException {
        Path data = dir.resolve("generated.tsv");
        try (Writer w = Files.newBufferedWriter(data)) {
            new CriteoGenerator(GeneratorConfig.defaults()).writeLines(w, 1000);
        }
        Path json = dir.resolve("report.json");

        int code = run("experiment", "--data", data.toString(), "--format", "criteo", "--methods", "ce,focal",
                "--seeds", "1", "--epochs", "1", "--out", json.toString());

        assertEquals(0, code, err.toString());
        String table = out.toString();
        assertTrue(table.contains("split 800/100/100; batch 256; 1 seed;"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("Metric\\s+ce\\s+focal")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("AUC\\s+0\\.\\d{4}±0\\.0000( \\*)?\\s+0\\.\\d{4}±0\\.0000( \\*)?")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("Logloss ")), table);
        assertTrue(err.toString().contains("[2/2] focal seed 1: test AUC"), "progress lines expected: " + err);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(1000, root.path("dataset").path("rows").asLong());
        assertEquals("focal", root.path("methods").path(1).path("method").asText());
        assertEquals(0, root.path("tTests").size(), "one seed allows no t-test");
    }
}
