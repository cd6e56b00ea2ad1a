package dev.autoloss.jobs.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autoloss.jobs.cluster.ClusterPorts;
import dev.autoloss.jobs.cluster.ClusterSpec;
import dev.autoloss.jobs.cluster.LocalCluster;
import dev.autoloss.jobs.embedded.LocalRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TaskManager-kill drill on a small stream, on a real cluster of separate processes: the train job submitted to
 * it (with one trainer, and with two), its TaskManager killed with SIGKILL and a new one started.
 */
class ClusterDrillTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} trainer(s)")
    @ValueSource(ints = {1, 2})
    void aTaskManagerKilledUnderTheTrainJobLosesNoEventAndTrainsNoneTwice(int trainers) throws Exception {
        assumeTrue(LocalRedis.canStartPrivate(), "skipped: no redis-server on the PATH (apt-get install redis-server)");
        try (LocalCluster cluster = LocalCluster.up(ClusterSpec.of(dir.resolve("cluster"), ClusterPorts.free()))) {
            DrillRunner runner = new DrillRunner(new DrillRunner.Settings(cluster.bootstrap(), cluster.redisUri(), dir.resolve("drills"),
                    12_000, 1_500, Duration.ofSeconds(120), Drills.jobFlags(trainers)));

            DrillResult result = Drills.run("taskmanager-kill", runner, cluster);

            DrillResult.printTable(List.of(result), System.out);
            assertEquals("", result.detail(), "the drill ran to its end and every check held");
            assertEquals(0, result.lost(), "training events lost: " + result);
            assertEquals(0, result.duplicates(), "training events trained twice: " + result);
            assertTrue(result.digestMatches() && result.versionsMonotonic() && result.passed(), result.toString());
        }
    }
}
