package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.train.TrainOptions;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.jobs.train.TrainerSettingOptions;
import dev.autoloss.model.train.TrainerConfig;
import dev.autoloss.model.train.TrainerSetting;
import dev.autoloss.model.train.TrainerSettings;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every trainer setting a user decides is a flag of train, once, and what it is set to reaches the trainer. */
class TrainerSettingFlagsTest {

    @Test
    void trainHelpListsEverySettingOnce() {
        String help = CliRun.of("train", "--help").out();
        for (TrainerSetting<?> setting : TrainerSettings.all()) {
            if (!setting.fromData()) {
                Matcher flag = Pattern.compile("^\\s+" + Pattern.quote(TrainerSettingOptions.flag(setting)) + "=", Pattern.MULTILINE).matcher(help);
                assertEquals(1, flag.results().count(), setting.name() + " in:\n" + help);
            }
        }
        assertTrue(help.contains("--task=") && !help.contains("--field-count"), "the data decides these, with --format: " + help);
    }

    @Test
    void everyFlagReachesTheTrainer() {
        TrainerConfig config = TrainerFactory.config(TrainOptions.parse("--embedding-dim", "8", "--hidden", "64,32", "--controller-every", "3",
                "--learning-rate", "0.01", "--temperature", "2,0.001,0.1", "--candidates", "ce,focal", "--graph-optimization", "false"));
        assertEquals(8, config.embeddingDim());
        assertEquals(List.of(64, 32), config.hidden());
        assertEquals(3, config.controllerEvery());
        assertEquals(0.01, config.xi(), "xi follows the learning rate unless set");
        assertEquals(2.0, config.temperature().start());
        assertEquals("ce,focal", config.asText().get("candidates"));
        assertEquals(false, config.graphOptimization());
        assertEquals(42L, config.seed(), "train's own default seed");
    }

    @Test
    void errorsNameTheFlag() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> TrainOptions.parse("--dropout", "1.5"));
        assertEquals("--dropout must be in [0, 1), got 1.5", range.getMessage());
        IllegalArgumentException fit = assertThrows(IllegalArgumentException.class, () -> TrainOptions.parse("--candidates", "mse"));
        assertTrue(fit.getMessage().startsWith("--candidates loss mse does not apply to the binary task"), fit.getMessage());
        CliRun typo = CliRun.of("train", "--embedding-dim", "many");
        assertTrue(typo.err().contains("--embedding-dim") && typo.err().contains("'many' is not a whole number"), typo.err());
    }
}
