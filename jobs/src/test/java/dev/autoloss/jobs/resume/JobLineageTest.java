package dev.autoloss.jobs.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLineageTest {

    @TempDir
    Path checkpoints;

    @Test
    void theFolderIsFixedByTheJobsNameAlone() {
        JobLineage lineage = JobLineage.of(checkpoints.toUri().toString(), "autoloss train models:a");
        Path folder = Path.of(lineage.folder().toUri());
        assertEquals(checkpoints, folder.getParent());
        assertEquals(folder.getFileName(), Path.of(JobLineage.of("file:///elsewhere", "autoloss train models:a").folder().toUri()).getFileName(),
                "same name, same folder");
        assertNotEquals(lineage.folder(), JobLineage.of(checkpoints.toUri().toString(), "autoloss train models:b").folder());
        assertEquals(lineage.folder().toString(), lineage.configuration(StartPoint.fresh()).get(CheckpointingOptions.CHECKPOINTS_DIRECTORY),
                "Flink puts each run's checkpoints under it");
    }

    @Test
    void theNewestCheckpointIsTheHighestCompleteOneOfAnyRunAndOlderRunsGo() throws IOException {
        JobLineage lineage = JobLineage.of(checkpoints.toUri().toString(), "job");
        assertTrue(lineage.startPoint(new Configuration(), null, false).isNew(), "no folder yet: a new job");
        Path folder = Path.of(lineage.folder().toUri());
        checkpoint(folder.resolve("run-a"), "chk-9", true);
        checkpoint(folder.resolve("run-b"), "chk-12", true); // run-b restored chk-9 and numbered on
        checkpoint(folder.resolve("run-b"), "chk-13", false); // cut off by a crash: no _metadata
        Files.createDirectories(folder.resolve("run-b/shared"));

        StartPoint start = lineage.startPoint(new Configuration(), null, false);
        assertEquals(StartPoint.Kind.CHECKPOINT, start.kind());
        assertEquals(folder.resolve("run-b/chk-12"), Path.of(URI.create(start.path())), "chk-12 is the newest complete one");
        assertFalse(Files.exists(folder.resolve("run-a")), "no run will start from the older run's checkpoints again");
        Configuration config = lineage.configuration(start);
        assertEquals(start.path(), config.get(StateRecoveryOptions.SAVEPOINT_PATH));
        assertEquals(RecoveryClaimMode.CLAIM, config.get(StateRecoveryOptions.RESTORE_MODE));
    }

    @Test
    void aNamedSavepointWinsAndStaysTheUsers() throws IOException {
        JobLineage lineage = JobLineage.of(checkpoints.toUri().toString(), "job");
        checkpoint(Path.of(lineage.folder().toUri()).resolve("run"), "chk-3", true);
        StartPoint flag = lineage.startPoint(new Configuration(), "file:///savepoints/sp-1", false);
        assertEquals(new StartPoint(StartPoint.Kind.SAVEPOINT, "file:///savepoints/sp-1"), flag);
        assertEquals(RecoveryClaimMode.NO_CLAIM, lineage.configuration(flag).get(StateRecoveryOptions.RESTORE_MODE));

        Configuration flinkRunS = new Configuration();
        flinkRunS.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///savepoints/sp-2");
        assertEquals("file:///savepoints/sp-2", lineage.startPoint(flinkRunS, null, false).path(), "flink run -s counts as a named savepoint");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> lineage.startPoint(new Configuration(), "file:///sp", true));
        assertTrue(both.getMessage().contains("--fresh") && both.getMessage().contains("--from-savepoint"), both.getMessage());
    }

    @Test
    void freshDeletesTheOldCheckpointsSoTheNextRunResumesTheNewModel() throws IOException {
        JobLineage lineage = JobLineage.of(checkpoints.toUri().toString(), "job");
        Path folder = Path.of(lineage.folder().toUri());
        checkpoint(folder.resolve("run"), "chk-40", true);
        assertTrue(lineage.startPoint(new Configuration(), null, true).isNew());
        assertFalse(Files.exists(folder), "the old runs' checkpoints are gone");
        assertTrue(lineage.newestCheckpoint().isEmpty());
    }

    private static void checkpoint(Path run, String name, boolean complete) throws IOException {
        Path checkpoint = Files.createDirectories(run.resolve(name));
        if (complete) {
            Files.writeString(checkpoint.resolve("_metadata"), "metadata");
        }
    }
}
