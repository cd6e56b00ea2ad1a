package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autoloss.jobs.embedded.LocalRedis;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code autoloss cluster up|status|down} as a user runs them, and the one-line answers where there is nothing to do. */
class ClusterCommandTest {

    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    @TempDir
    Path dir;

    @Test
    void upPrintsTheAddressesStatusSaysAllRunAndDownStopsEveryProcess() {
        assumeTrue(LocalRedis.canStartPrivate(), "skipped: no redis-server on the PATH (apt-get install redis-server)");
        CliRun up = CliRun.of("cluster", "up", "--free-ports", "--dir", dir.toString());
        try {
            assertEquals(0, up.exitCode(), up.err());
            assertTrue(up.out().contains("cluster up in "), up.out());
            for (String line : List.of("Flink JobManager  127.0.0.1:", "Kafka bootstrap   127.0.0.1:", "Redis             redis://127.0.0.1:",
                    "./autoloss train --cluster 127.0.0.1:", "./autoloss cluster down --dir " + dir)) {
                assertTrue(up.out().contains(line), "'" + line + "' in: " + up.out());
            }

            CliRun again = CliRun.of("cluster", "up", "--dir", dir.toString());
            assertEquals(0, again.exitCode(), again.err());
            assertEquals(1, again.out().lines().count(), "a second up says so in one line: " + again.out());
            assertTrue(again.out().startsWith("a cluster is already up in "), again.out());

            CliRun status = CliRun.of("cluster", "status", "--dir", dir.toString());
            assertEquals(0, status.exitCode(), status.out() + status.err());
            assertTrue(status.out().contains("4 of 4 processes running"), status.out());
            assertTrue(status.out().contains("1 TaskManager(s)") && status.out().contains("answers PING"), status.out());
        } finally {
            CliRun down = CliRun.of("cluster", "down", "--dir", dir.toString());
            assertEquals(0, down.exitCode(), down.err());
            assertTrue(down.out().startsWith("stopped "), down.out());
            Matcher pids = PID.matcher(down.out());
            int stopped = 0;
            while (pids.find()) {
                long pid = Long.parseLong(pids.group(1));
                assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "pid " + pid + " still runs after down");
                stopped++;
            }
            assertEquals(4, stopped, "processes named by down: " + down.out());
        }
        CliRun status = CliRun.of("cluster", "status", "--dir", dir.toString());
        assertEquals(OneLineErrors.FAILED, status.exitCode());
        assertTrue(status.out().startsWith("no cluster up in "), status.out());
    }

    @Test
    void downWithNothingUpSaysSoAndSucceeds() {
        CliRun down = CliRun.of("cluster", "down", "--dir", dir.toString());
        assertEquals(0, down.exitCode());
        assertEquals("no cluster up in " + dir.toAbsolutePath().normalize(), down.out().strip());
    }

    @Test
    void freePortsWithAPortFlagIsABadUsageInOneLine() {
        CliRun up = CliRun.of("cluster", "up", "--free-ports", "--rest-port", "18082", "--dir", dir.toString());
        assertEquals(OneLineErrors.BAD_USAGE, up.exitCode());
        assertEquals(1, up.err().lines().count(), up.err());
        assertTrue(up.err().contains("--free-ports"), up.err());
    }

    @Test
    void detachedWithoutAClusterIsRefused() {
        CliRun train = CliRun.of("train", "--detached", "--bootstrap", "127.0.0.1:1");
        assertEquals(OneLineErrors.FAILED, train.exitCode());
        assertTrue(train.err().contains("--detached only applies with --cluster"), train.err());
    }
}
