package dev.autoloss.jobs.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.testing.RedisPrefix;
import dev.autoloss.jobs.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process-kill drill on a small stream: a real {@code autoloss train} process, killed with SIGKILL and started again. */
class ProcessKillDrillTest {

    @TempDir
    Path folder;

    @Test
    void aKilledTrainProcessStartedAgainWithTheSameCommandTrainsEveryEventOnceAndServesANewerModel() throws Exception {
        DrillRunner runner = new DrillRunner(new DrillRunner.Settings(SharedKafka.get().bootstrapServers(), RedisPrefix.SHARED_REDIS, folder,
                12_000, 1_500, Duration.ofSeconds(90), Drills.jobFlags(1)));

        DrillResult result = runner.run("process-kill", Drills.PROCESS_KILL, flags -> new ProcessTrainJob(flags, folder.resolve("logs")));

        DrillResult.printTable(List.of(result), System.out);
        assertEquals(0, result.lost(), "training events lost: " + result);
        assertEquals(0, result.duplicates(), "training events trained twice: " + result);
        assertTrue(result.digestMatches(), "the trained events are exactly those sent: " + result);
        assertTrue(result.versionsMonotonic(), "versions only went up and were whole: " + result.detail());
        assertTrue(result.passed(), result.toString());
    }
}
