package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autoloss.model.search.DropRate;
import dev.autoloss.model.search.Temperature;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerSettingsTest {

    private static final TrainerConfig DEFAULTS = TrainerConfig.builder().set(FIELD_COUNT, 39).build();

    @Test
    void defaultsAreDocsAlgorithmMds() {
        assertEquals("deepfm", DEFAULTS.model().cliName());
        assertEquals(1 << 20, DEFAULTS.tableRows());
        assertEquals(16, DEFAULTS.embeddingDim());
        assertEquals(List.of(128, 128), DEFAULTS.hidden());
        assertEquals(0.2, DEFAULTS.dropout());
        assertEquals(1e-3, DEFAULTS.learningRate());
        assertEquals(1e-6, DEFAULTS.weightDecay());
        assertEquals(2000, DEFAULTS.batchSize());
        assertEquals("autoloss", DEFAULTS.method().cliName());
        assertEquals("[focal, kl, hinge, ce]", DEFAULTS.describe().get("candidates").toString());
        assertEquals("unrolled", DEFAULTS.controllerObjective().cliName());
        assertEquals(1e-3, DEFAULTS.controllerLearningRate());
        assertEquals(List.of(128, 128), DEFAULTS.controllerHidden());
        assertEquals(0.2, DEFAULTS.controllerDropout());
        assertEquals(7, DEFAULTS.controllerEvery());
        assertEquals(1e-3, DEFAULTS.xi(), "xi is the learning rate unless set");
        assertEquals(0.01, DEFAULTS.directionStep());
        assertEquals(Temperature.paper(), DEFAULTS.temperature());
        assertEquals(new DropRate(0.2, 100), DEFAULTS.tceDropRate());
        assertEquals(0.25, DEFAULTS.rceExponent());
        assertEquals(2, DEFAULTS.minCount());
        assertEquals(4, DEFAULTS.sketchDepth());
        assertEquals(1 << 20, DEFAULTS.sketchWidth(), "the table size, a power of two");
        assertEquals(0L, DEFAULTS.seed());
        assertEquals(Precision.FLOAT32, DEFAULTS.precision());
        assertEquals(0, DEFAULTS.intraOpThreads());
        assertEquals(0, DEFAULTS.interOpThreads());
        assertEquals(true, DEFAULTS.graphOptimization());
    }

    @Test
    void everySettingReadsBackFromItsText() {
        TrainerConfig.Builder copy = TrainerConfig.builder();
        DEFAULTS.asText().forEach((name, text) -> copy.parse(TrainerSettings.named(name).orElseThrow(), text));
        assertEquals(DEFAULTS.describe(), copy.build().describe());
    }

    @Test
    void aRefusedValueNamesItsSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> DEFAULTS.toBuilder().set(TABLE_ROWS, 0).build());
        assertEquals("trainer setting tableRows must be positive, got 0", e.getMessage());
        assertEquals(TABLE_ROWS, e.setting());
    }
}
