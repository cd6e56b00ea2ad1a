package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.bench.ThroughputReport;
import dev.autoloss.jobs.bench.TrainerThroughput;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.StoreSettings;
import dev.autoloss.jobs.testing.GeneratedData;
import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.jobs.train.TrainingStatus;
import dev.autoloss.model.report.ReportJson;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code autoloss report} on a real small experiment, a trainer benchmark file, a live history in Redis, and bad files
 * ({@code StudyCommandTest} draws a study's).
 */
class ReportCommandTest {

    @TempDir
    Path dir;

    @Test
    void anExperimentBecomesItsChartsAndAnIndexEmbeddingThem() throws IOException {
        Path data = GeneratedData.criteoFile(dir, 1000);
        Path json = dir.resolve("e.json");
        CliRun experiment = CliRun.of("experiment", "--data", data.toString(), "--format", "criteo", "--methods", "ce,autoloss",
                "--seeds", "2", "--epochs", "2", "--out", json.toString());
        assertEquals(0, experiment.exitCode(), experiment.err());

        Path to = dir.resolve("report");
        CliRun report = CliRun.of("report", json.toString(), "--to", to.toString());

        assertEquals(0, report.exitCode(), report.err());
        assertTrue(report.out().contains("Wrote 5 charts"), report.out());
        assertCharts(to, "e-test-auc", "e-test-logloss", "e-validation-auc", "e-loss-weights", "e-temperature");
    }

    @Test
    void aTrainerBenchmarkBecomesAThroughputChart() throws IOException {
        Path json = dir.resolve("trainer.json");
        ReportJson.write(json, new ThroughputReport("trainer", List.of(
                new TrainerThroughput.Result("deepfm", "ce", 2000, 39, 65536, 5, 60, 0, 3.0, 40_000, 25.0, List.of()),
                new TrainerThroughput.Result("deepfm", "autoloss", 2000, 39, 65536, 5, 20, 3, 3.0, 14_000, 71.0, List.of()),
                new TrainerThroughput.Result("ipnn", "ce", 2000, 39, 65536, 5, 30, 0, 3.0, 20_000, 50.0, List.of()),
                new TrainerThroughput.Result("ipnn", "autoloss", 2000, 39, 65536, 5, 10, 1, 3.0, 7_000, 143.0, List.of()))));

        CliRun report = CliRun.of("report", json.toString(), "--to", dir.resolve("r").toString());

        assertEquals(0, report.exitCode(), report.err());
        assertCharts(dir.resolve("r"), "trainer-throughput");
    }

    @Test
    void aLiveJobsHistoryInRedisBecomesItsCharts() throws IOException {
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis(); RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_REDIS)) {
            RedisSnapshotStore store = new RedisSnapshotStore(redis, StoreSettings.defaults(prefix.prefix()));
            for (int i = 1; i <= 30; i++) {
                store.writeStatus(status(i).toJson());
            }

            CliRun report = CliRun.of("report", "--redis", RedisPrefix.SHARED_REDIS, "--redis-prefix", prefix.prefix(),
                    "--to", dir.toString());

            assertEquals(0, report.exitCode(), report.err());
            assertCharts(dir, "live-auc", "live-loss-weights", "live-temperature", "live-freshness");
            assertTrue(Files.readString(dir.resolve("index.md")).contains("30 status records, 60,000 events trained"));
        }
    }

    @Test
    void filesItCannotDrawAreNamedWithTheReasonInOneLine() throws IOException {
        Path notAReport = Files.writeString(dir.resolve("stream.json"), "{\"events\": 2000000, \"freshnessP99Millis\": 4100}");
        Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"methods\": [");
        Path noHistory = Files.writeString(dir.resolve("old.json"), """
                {"dataset": {"path": "d.tsv", "format": "criteo", "task": "binary"}, "settings": {"model": "deepfm", "seeds": 1},
                 "methods": [{"method": "ce", "fixedLoss": true, "testAuc": {"mean": 0.7, "sd": 0, "n": 1},
                   "testLogLoss": {"mean": 0.5, "sd": 0, "n": 1}, "seconds": {"mean": 1, "sd": 0, "n": 1},
                   "runs": [{"method": "ce", "seed": 1, "epochs": 1, "bestEpoch": 1, "validationAuc": 0.7, "testAuc": 0.7,
                     "testLogLoss": 0.5, "trainingSteps": 4, "controllerSteps": 0, "skippedBatches": 0, "seconds": 1}]}]}
                """);

        assertOneLineError(CliRun.of("report", notAReport.toString(), "--to", dir.resolve("r").toString()),
                "autoloss: " + notAReport + ": not an 'experiment --out', 'study --out' or 'bench trainer --out' file");
        assertOneLineError(CliRun.of("report", notJson.toString(), "--to", dir.resolve("r").toString()),
                "autoloss: " + notJson + ": not JSON: ");
        assertOneLineError(CliRun.of("report", noHistory.toString(), "--to", dir.resolve("r").toString()),
                "autoloss: " + noHistory + ": field methods[0].runs[0].history is missing");
        assertOneLineError(CliRun.of("report", dir.resolve("absent.json").toString(), "--to", dir.resolve("r").toString()),
                "autoloss: " + dir.resolve("absent.json") + ": no such file");
        try (RedisPrefix empty = RedisPrefix.onSharedRedis()) {
            assertOneLineError(CliRun.of("report", "--redis", RedisPrefix.SHARED_REDIS, "--redis-prefix", empty.prefix(), "--to", dir.toString()),
                    "autoloss: no status history at " + empty.prefix() + ":status:history");
        }
        assertOneLineError(CliRun.of("report", "--to", dir.toString()), "autoloss: give FILE.json files, --redis-prefix PREFIX, or both");
    }

    /** Record i of a job that trains 2,000 events per record while the controller moves weight from hinge to focal. */
    private static TrainingStatus status(int i) {
        double shift = 0.01 * i;
        return new TrainingStatus(1_700_000_000_000L + 2_000L * i, i, 1_700_000_000_000L + 2_000L * i, 10L * i, -1, i, 2_000L * i,
                200L * i, 0, 0, 1_000, 1_700_000_000_000L, 1_700_000_000_000L + 2_000L * i,
                new TrainingStatus.Figures(0.6 + shift, 0.5, 2_000), new TrainingStatus.Figures(i < 3 ? null : 0.58 + shift, 0.52, 200),
                Map.of("focal", 0.25 + shift, "kl", 0.25, "hinge", 0.25 - shift, "ce", 0.25), 1.0 - 0.001 * i,
                0, 0, i < 2 ? -1 : 1_500 + 10L * i, i < 2 ? -1 : 4_000 + 30L * i, 0, List.of());
    }

    /** Each named chart is in {@code to} as a PNG and an SVG, and index.md embeds it (also for {@code StudyCommandTest}). */
    static void assertCharts(Path to, String... names) throws IOException {
        String index = Files.readString(to.resolve("index.md"));
        for (String name : names) {
            BufferedImage png = ImageIO.read(to.resolve(name + ".png").toFile());
            assertEquals(960, png.getWidth(), name);
            assertTrue(Files.size(to.resolve(name + ".png")) > 10_000, name + ".png is too small to hold a chart");
            String svg = Files.readString(to.resolve(name + ".svg"));
            assertTrue(svg.contains("<svg") && svg.length() > 10_000 && svg.contains("<text"), name + ".svg holds no chart");
            assertTrue(index.contains("](" + name + ".png)") && index.contains("[SVG](" + name + ".svg)"), "index.md lacks " + name + ":\n" + index);
        }
    }

    private static void assertOneLineError(CliRun run, String start) {
        assertEquals(1, run.exitCode() == 2 ? 1 : run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), "one line expected: " + run.err());
        assertTrue(run.err().startsWith(start), "expected '" + start + "...', got: " + run.err());
    }
}
