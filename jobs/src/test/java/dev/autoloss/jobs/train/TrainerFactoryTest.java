package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.snapshot.SnapshotKind;
import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.model.train.TrainerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A published version names its trainer's settings in its manifest meta; a reader builds the same trainer from them. */
class TrainerFactoryTest {

    /** The meta that versions published before every setting was written carry, key for key. */
    private static final Map<String, String> EARLIER_META = Map.of(
            "format", "criteo", "task", "binary", "model", "deepfm", "method", "autoloss", "tableRows", "4096", "batchSize", "256",
            "seed", "42", "stateShape", "model=deepfm task=binary classes=1 fields=39 tableRows=4096 embeddingDim=16 hidden=[128, 128]"
                    + " method=autoloss candidates=[focal, kl, hinge, ce] controllerHidden=[128, 128] minCount=2 sketch=4x4096 precision=float32");

    @Test
    void versionsPublishedEarlierStillLoad() {
        TrainerConfig config = TrainerFactory.configFor(manifest(EARLIER_META));
        assertEquals(4096, config.tableRows());
        assertEquals(256, config.batchSize());
        assertEquals(42L, config.seed());
        assertEquals(16, config.embeddingDim(), "a setting the meta lacks has its declared default");
    }

    @Test
    void theMetaNamesEverySettingAndReadsBackTheSameTrainer() {
        TrainOptions options = TrainOptions.parse("--table-rows", "4096", "--embedding-dim", "8", "--controller-every", "3", "--method", "darts");
        Map<String, String> meta = TrainerFactory.meta(options);
        assertEquals("8", meta.get("embeddingDim"));
        assertEquals("3", meta.get("controllerEvery"));
        assertEquals(TrainerFactory.config(options).describe(), TrainerFactory.configFor(manifest(meta)).describe());
    }

    @Test
    void aShapeTheSettingsDoNotGiveIsRefused() {
        Map<String, String> meta = new LinkedHashMap<>(EARLIER_META);
        meta.put("tableRows", "8192");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainerFactory.configFor(manifest(meta)));
        assertTrue(e.getMessage().contains("was written by a trainer shaped"), e.getMessage());
    }

    private static SnapshotManifest manifest(Map<String, String> meta) {
        return new SnapshotManifest(SnapshotManifest.FORMAT, 1, SnapshotKind.FULL, null, 0, 0, List.of(), meta);
    }
}
