package dev.autoloss.jobs.testing;

import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.GeneratorConfig;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Data files of generated events for tests that run commands on a file. */
public final class GeneratedData {

    private GeneratedData() {}

    /** {@code rows} generated Criteo-format lines in {@code dir/generated.tsv}. */
    public static Path criteoFile(Path dir, int rows) throws IOException {
        Path file = dir.resolve("generated.tsv");
        try (Writer w = Files.newBufferedWriter(file)) {
            new CriteoGenerator(GeneratorConfig.defaults()).writeLines(w, rows);
        }
        return file;
    }
}
