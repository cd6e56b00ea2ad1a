package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoloss.jobs.testing.GeneratedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {

    @TempDir
    Path dir;

    @Test
    void unknownMethodIsRejectedInOneLineListingTheValidOnes() {
        CliRun run = CliRun.of("experiment", "--data", "x.tsv", "--format", "criteo", "--methods", "ce,bogus");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown method 'bogus'; valid methods: ce, focal, kl, hinge"), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
    }

    @Test
    void aTaskTheFormatHasNotIsABadFlag() {
        CliRun run = CliRun.of("experiment", "--data", "x.tsv", "--format", "criteo", "--task", "multiclass");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("format criteo has no multiclass task; valid tasks: binary"), run.err());
    }

    @Test
    void experimentPrintsTheTable2LayoutAndWritesTheFiguresAsJson() throws IOException {
        Path data = GeneratedData.criteoFile(dir, 1000);
        Path json = dir.resolve("report.json");

        CliRun run = experiment(data, "--methods", "ce,focal", "--seeds", "1", "--epochs", "1", "--out", json.toString());

        String table = run.out();
        assertTrue(table.contains("split 800/100/100; batch 256; 1 seed;"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("Metric\\s+ce\\s+focal")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("AUC\\s+0\\.\\d{4}±0\\.0000( \\*)?\\s+0\\.\\d{4}±0\\.0000( \\*)?")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("Logloss ")), table);
        assertTrue(run.err().contains("[2/2] focal seed 1: test AUC"), "progress lines expected: " + run.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(1000, root.path("dataset").path("rows").asLong());
        assertEquals("focal", root.path("methods").path(1).path("method").asText());
        assertEquals(0, root.path("tTests").size(), "one seed allows no t-test");
    }

    @Test
    void aControllerSearchedWithDeepFmIsComparedFrozenOnIpnnInOneTable() throws IOException {
        Path data = GeneratedData.criteoFile(dir, 1000);
        Path controller = dir.resolve("deepfm.controller");
        CliRun search = experiment(data, "--methods", "autoloss", "--seeds", "1", "--epochs", "1", "--save-controller", controller.toString());
        assertTrue(search.out().contains("Wrote seed 1's autoloss controller to " + controller), search.out());

        CliRun transfer = experiment(data, "--model", "ipnn", "--methods", "ce,autoloss", "--seeds", "2", "--epochs", "1",
                "--controller", controller.toString());

        assertTrue(transfer.out().lines().anyMatch(l -> l.matches("Metric\\s+ce\\s+autoloss\\s+autoloss-frozen")), transfer.out());
        assertTrue(transfer.out().contains("  autoloss-frozen vs autoloss on auc: difference "), transfer.out());
        assertTrue(transfer.err().contains("[6/6] autoloss-frozen seed 2: test AUC"), transfer.err());
    }

    @Test
    void saveControllerWithoutAutolossIsABadFlag() {
        CliRun run = CliRun.of("experiment", "--data", "x.tsv", "--format", "criteo", "--methods", "ce", "--save-controller", "c.bin");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("save-controller: the controller is taken from autoloss, which is not among the methods [ce]"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    /** A successful experiment on Criteo-format {@code data}. */
    private static CliRun experiment(Path data, String... flags) {
        List<String> args = new ArrayList<>(List.of("experiment", "--data", data.toString(), "--format", "criteo"));
        args.addAll(List.of(flags));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }
}
