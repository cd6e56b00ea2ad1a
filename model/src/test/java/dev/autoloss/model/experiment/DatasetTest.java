package dev.autoloss.model.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path dir;

    @Test
    void badRowsAreSkippedCountedByReasonAndQuoted() throws IOException {
        CriteoGenerator generator = new CriteoGenerator(GeneratorConfig.defaults());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(generator.nextLine());
        }
        lines.set(3, "1\t2\t3");                                  // wrong field count
        lines.set(7, "x" + lines.get(7).substring(1));            // bad label
        lines.set(9, "7" + lines.get(9).substring(1));            // bad label
        Path file = Files.write(dir.resolve("sample.tsv"), lines);

        Dataset data = Dataset.load(file, Format.CRITEO, Task.BINARY);

        assertEquals(17, data.examples().size());
        assertEquals(20, data.rows());
        assertEquals(3, data.badRows());
        assertEquals(Map.of("BAD_LABEL", 2L, "WRONG_FIELD_COUNT", 1L), data.badRowsByReason());
        assertEquals(3, data.firstBadRows().size());
        assertTrue(data.firstBadRows().get(0).startsWith("sample.tsv:4: wrong number of fields"),
                "the first quoted bad row must name file and line: " + data.firstBadRows().get(0));
        assertEquals(39, data.fieldCount());
        assertEquals(1, data.classes());
    }

    @Test
    void aFileWithoutAnyGoodRowIsAnError() throws IOException {
        Path file = Files.write(dir.resolve("bad.tsv"), List.of("a\tb", "c\td"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.load(file, Format.CRITEO, Task.BINARY));
        assertTrue(e.getMessage().contains("no usable criteo rows (2 read, 2 bad, first: bad.tsv:1: wrong number of fields"),
                e.getMessage());
    }

    @Test
    void aTaskTheFormatCannotServeIsRefusedBeforeReading() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.load(dir.resolve("absent.tsv"), Format.CRITEO, Task.MULTICLASS));
        assertEquals("format criteo has no multiclass task; valid tasks: binary", e.getMessage());
    }
}
