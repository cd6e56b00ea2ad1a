package dev.autoloss.jobs.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLineageTest {

    @TempDir
    Path checkpoints;

    @Test
    void theJobIdIsFixedByTheNameAlone() {
        JobLineage lineage = JobLineage.of(checkpoints.toUri().toString(), "autoloss train models:a");
        assertEquals(lineage.jobId(), JobLineage.of("file:///elsewhere", "autoloss train models:a").jobId(), "same name, same job id");
        assertNotEquals(lineage.jobId(), JobLineage.of(checkpoints.toUri().toString(), "autoloss train models:b").jobId());
        assertEquals(Path.of(lineage.folder().toUri()), checkpoints.resolve(lineage.jobId().toHexString()));
    }

    @Test
    void theNewestCheckpointIsTheHighestOneWithItsMetadataAndTheJobTakesItOver() throws IOException {
        JobLineage lineage = JobLineage.of(checkpoints.toUri().toString(), "job");
        assertTrue(lineage.startPoint(new Configuration(), null, false).isNew(), "no folder yet: a new job");
        Path folder = Path.of(lineage.folder().toUri());
        checkpoint(folder, "chk-9", true);
        checkpoint(folder, "chk-12", true);
        checkpoint(folder, "chk-13", false); // cut off by a crash: no _metadata
        Files.createDirectories(folder.resolve("shared"));

        StartPoint start = lineage.startPoint(new Configuration(), null, false);
        assertEquals(StartPoint.Kind.CHECKPOINT, start.kind());
        assertEquals(folder.resolve("chk-12"), Path.of(java.net.URI.create(start.path())), "chk-12 is the newest complete one");
        Configuration config = lineage.configuration(checkpoints.toUri().toString(), start);
        assertEquals(start.path(), config.get(StateRecoveryOptions.SAVEPOINT_PATH));
        assertEquals(RecoveryClaimMode.CLAIM, config.get(StateRecoveryOptions.RESTORE_MODE));
        assertEquals(lineage.jobId().toHexString(), config.get(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID));
    }

    @Test
    void aNamedSavepointWinsAndStaysTheUsers() throws IOException {
        JobLineage lineage = JobLineage.of(checkpoints.toUri().toString(), "job");
        checkpoint(Path.of(lineage.folder().toUri()), "chk-3", true);
        StartPoint flag = lineage.startPoint(new Configuration(), "file:///savepoints/sp-1", false);
        assertEquals(new StartPoint(StartPoint.Kind.SAVEPOINT, "file:///savepoints/sp-1"), flag);
        assertEquals(RecoveryClaimMode.NO_CLAIM, lineage.configuration("file:///c", flag).get(StateRecoveryOptions.RESTORE_MODE));

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
        checkpoint(folder, "chk-40", true);
        assertTrue(lineage.startPoint(new Configuration(), null, true).isNew());
        assertFalse(Files.exists(folder), "the old lineage's checkpoints are gone");
        assertTrue(lineage.newestCheckpoint().isEmpty());
    }

    private static void checkpoint(Path folder, String name, boolean complete) throws IOException {
        Path checkpoint = Files.createDirectories(folder.resolve(name));
        if (complete) {
            Files.writeString(checkpoint.resolve("_metadata"), "metadata");
        }
    }
}
