package dev.autoloss.model.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoloss.model.eval.Summary;
import dev.autoloss.model.features.Format;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

    record Sample(Format format, Summary auc, double undefined) {}

    @Test
    void recordsBecomeObjectsWithEnumsByCliNameAndNaNAsAString(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("r.json");
        ReportJson.write(file, new Sample(Format.ML_CSV, Summary.of(0.7, 0.8), Double.NaN));
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("ml-csv", root.path("format").asText());
        assertEquals(0.75, root.path("auc").path("mean").asDouble(), 1e-12);
        assertEquals(2, root.path("auc").path("n").asInt());
        assertEquals("NaN", root.path("undefined").asText(), "NaN must stay readable JSON: " + root);
    }
}
