package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autoloss.model.train.TrainerSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The README's table of trainer settings is generated from their declarations, as {@code train} has them. When a
 * declaration changes, {@code mvn -o -q -pl jobs -am test -Dtest=ReadmeSettingsTableTest -Dreadme.update=true} rewrites it.
 */
class ReadmeSettingsTableTest {

    private static final String BEGIN = "<!-- trainer settings: generated from TrainerSettings by ReadmeSettingsTableTest -->\n";
    private static final String END = "<!-- end of trainer settings -->";

    @Test
    void theReadmeListsTheDeclaredSettings() throws IOException {
        Path readme = readme();
        String text = Files.readString(readme);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new AssertionError("README.md has no block between '" + BEGIN.strip() + "' and '" + END + "'");
        }
        String written = text.substring(begin + BEGIN.length(), end);
        String declared = table(new TrainOptions().trainer);
        if (Boolean.getBoolean("readme.update")) {
            Files.writeString(readme, text.substring(0, begin + BEGIN.length()) + declared + text.substring(end));
            return;
        }
        assertEquals(declared, written, "README.md's trainer settings differ from their declarations; -Dreadme.update=true rewrites them");
    }

    private static String table(TrainerSettingOptions options) {
        StringBuilder table = new StringBuilder("| Flag | Manifest meta key | Default | What it sets |\n|---|---|---|---|\n");
        for (TrainerSetting<?> setting : options.settings()) {
            table.append(row("`" + TrainerSettingOptions.flag(setting) + " " + setting.type().label() + "`", "`" + setting.name() + "`",
                    options.defaultDescription(setting), TrainerSettingOptions.about(setting)));
        }
        return table.toString();
    }

    private static String row(String... cells) {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            row.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        return row.append('\n').toString();
    }

    private static Path readme() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("jobs"))) {
                return dir.resolve("README.md");
            }
        }
        throw new AssertionError("no README.md in " + Paths.get("").toAbsolutePath() + " or above");
    }
}
