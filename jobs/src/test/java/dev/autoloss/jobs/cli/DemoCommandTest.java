package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.train.TrainerConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's first command, {@code autoloss demo}, in small: embedded Kafka, the local Redis, a MiniCluster. */
class DemoCommandTest {

    @Test
    void theDemoTrainsPublishesVersionsAndServesPredictions() {
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis()) {
            CliRun demo = CliRun.of("demo", "--events", "20000", "--table-rows", "65536", "--requests", "3", "--redis-prefix", prefix.prefix());

            assertEquals(0, demo.exitCode(), demo.err());
            Matcher latest = Pattern.compile("latest version (\\d+)").matcher(demo.out());
            assertTrue(latest.find() && Integer.parseInt(latest.group(1)) >= 1, "a version was published:\n" + demo.out());
            assertTrue(demo.out().contains("version 1: full"), "the first version is a full snapshot:\n" + demo.out());
            assertTrue(Pattern.compile("training \\(status of .*\\): step \\d+, .* [1-9][\\d,]* events trained").matcher(demo.out()).find(),
                    "the training status is shown:\n" + demo.out());
            for (int request = 1; request <= 3; request++) {
                assertTrue(Pattern.compile(Pattern.quote(prefix.prefix() + ":pred:demo-request-" + request) + " +\\{\"requestId\":\"demo-request-"
                        + request + "\",\"version\":\\d+,\"score\":0\\.\\d+").matcher(demo.out()).find(), "request " + request + " was scored:\n" + demo.out());
            }
        }
    }

    @Test
    void theDemoTrainsFasterThanAJobByDefaultAndItsFlagsStillWin() {
        TrainerConfig defaults = demoTrainer();
        assertEquals(262_144, defaults.tableRows());
        assertEquals(0.01, defaults.learningRate());
        assertEquals(1000, defaults.batchSize());

        TrainerConfig given = demoTrainer("--learning-rate", "0.001", "--batch-size", "2000");
        assertEquals(0.001, given.learningRate());
        assertEquals(2000, given.batchSize());
    }

    private static TrainerConfig demoTrainer(String... args) {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs(args);
        return demo.trainer.config(TrainerFactory.forData(Format.CRITEO, Task.BINARY));
    }
}
