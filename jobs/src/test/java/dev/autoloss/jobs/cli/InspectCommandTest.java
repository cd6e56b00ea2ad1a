package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {

    private static final String GOOD = "0\t1\t1\t5\t0\t1382\t4\t15\t2\t181\t1\t2\t\t2"
            + "\t68fd1e64\t80e26c9b\tfb936136\t7b4723c4\t25c83c98\t7e0ccccf\tde7995b8\t1f89b562\ta73ee510\ta8cd5504"
            + "\tb2cb9c98\t37c9c164\t2824a5f6\t1adce6ef\t8ba8b39a\t891b62e7\te5ba7672\tf54016b9\t21ddcdc9\tb1252a9d"
            + "\t07b5194c\t\t3a171ecb\tc5c50484\te8b83407\t9727dd16";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void plantedBadLinesAreEachReportedWithLineNumberAndReason() throws IOException {
        Path file = Files.write(dir.resolve("planted.tsv"), List.of(
                GOOD,                                   // 1
                "1" + GOOD.substring(1),                // 2
                GOOD.substring(0, GOOD.length() - 9),   // 3: last column gone
                "7" + GOOD.substring(1),                // 4: label 7
                GOOD.replace("\t1382\t", "\tmany\t"),   // 5: I5 is text
                GOOD,                                   // 6
                "0\t" + "x".repeat(70_000)));           // 7: over-long

        int exit = run("inspect", "--data", file.toString(), "--format", "criteo");

        String report = out.toString();
        assertEquals(0, exit, err.toString());
        assertTrue(report.contains("rows: 3 parsed, 4 rejected"), report);
        assertTrue(report.contains("label: 33.33% positive (1 of 3)"), report);
        assertTrue(report.contains("wrong number of fields (WRONG_FIELD_COUNT): 1 row, first at lines 3"), report);
        assertTrue(report.contains("planted.tsv:3: wrong number of fields (expected 40, found 39)"), report);
        assertTrue(report.contains("bad label (BAD_LABEL): 1 row, first at lines 4"), report);
        assertTrue(report.contains("planted.tsv:4: bad label (expected 0 or 1): field label = '7'"), report);
        assertTrue(report.contains("numeric field does not parse (BAD_NUMBER): 1 row, first at lines 5"), report);
        assertTrue(report.contains("planted.tsv:5: numeric field does not parse (expected an integer): field I5 = 'many'"), report);
        assertTrue(report.contains("line too long (LINE_TOO_LONG): 1 row, first at lines 7"), report);
    }

    @Test
    void fieldTableShowsDistinctValuesAndMissingRates() throws IOException {
        Path file = Files.write(dir.resolve("two.tsv"), List.of(GOOD, GOOD.replace("68fd1e64", "")));

        run("inspect", "--data", file.toString(), "--format", "criteo");

        assertTrue(out.toString().matches("(?s).*\n  C1 +2 +50\\.0%\n.*"), out.toString());
        assertTrue(out.toString().matches("(?s).*\n  I12 +1 +100\\.0%\n.*"), out.toString());
    }

    @Test
    void unknownFormatIsOneLineListingTheValidNames() {
        int exit = run("inspect", "--data", "x", "--format", "parquet");

        assertEquals(2, exit);
        assertEquals("autoloss: Invalid value for option '--format': unknown format 'parquet'; valid formats: "
                + "criteo, avazu, ml100k, ml-csv, ml-dat (see 'autoloss inspect --help')", err.toString().strip());
    }

    @Test
    void taskTheFormatCannotServeIsABadUsage() {
        assertEquals(2, run("inspect", "--data", "x", "--format", "criteo", "--task", "regression"));
        assertTrue(err.toString().contains("format criteo has no regression task; valid tasks: binary"), err.toString());
    }

    @Test
    void missingFileIsOneLineNamingIt() {
        assertEquals(1, run("inspect", "--data", dir.resolve("absent.tsv").toString(), "--format", "criteo"));
        assertTrue(err.toString().strip().matches("autoloss: data file not found: .*absent\\.tsv"), err.toString());
    }

    @Test
    void realSamplesHaveEveryRowParsedAndNoneRejected() {
        assertReportsAllParsed("criteo/criteo_train_8000.tsv", "criteo", "rows: 8,000 parsed, 0 rejected");
        assertReportsAllParsed("avazu/avazu_sample.txt", "avazu", "rows: 100 parsed, 0 rejected");
        assertReportsAllParsed("movielens/ml-100k", "ml100k", "rows: 100,000 parsed, 0 rejected");
        assertTrue(out.toString().contains("class 4 (5 stars)     21,201"), out.toString());
    }

    private void assertReportsAllParsed(String sample, String format, String expected) {
        Path path = SharedData.require(sample);
        out.getBuffer().setLength(0);
        assertEquals(0, run("inspect", "--data", path.toString(), "--format", format), err.toString());
        assertTrue(out.toString().contains(expected), out.toString());
        assertTrue(!out.toString().contains("rejected:"), out.toString());
    }

    private int run(String... args) {
        CommandLine cli = AutolossCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
