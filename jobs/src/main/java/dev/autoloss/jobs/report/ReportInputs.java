package dev.autoloss.jobs.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoloss.jobs.bench.ThroughputReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads the JSON files given to {@code autoloss report}: {@code experiment --out}, {@code study --out} and {@code bench trainer --out}.
 * Anything else, or a file missing a field the charts need, stops the report with one line naming the file and why.
 */
final class ReportInputs {

    // every field a chart reads must be there: a missing one is named rather than drawn as 0
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    private ReportInputs() {}

    /** The section of the report drawn from {@code file}. */
    static ReportSection draw(Path file, ChartWriter charts) {
        JsonNode root = readTree(file);
        String stem = stem(file);
        if (root.path("benchmark").asText().equals("trainer")) {
            return ThroughputCharts.draw(file, stem, convert(file, root, ThroughputReport.class), charts);
        }
        if (root.has("methods") && root.has("dataset")) {
            return ExperimentCharts.draw(file, stem, convert(file, root, ExperimentJson.class), charts);
        }
        if (root.has("conditions") && root.has("settings")) {
            return StudyCharts.draw(file, stem, convert(file, root, StudyJson.class), charts);
        }
        throw new IllegalArgumentException(file + ": not an 'experiment --out', 'study --out' or 'bench trainer --out' file (it has "
                + "neither \"methods\" and \"dataset\", \"conditions\" and \"settings\" nor \"benchmark\": \"trainer\"; bench stream and "
                + "serve files hold single figures, not charts)");
    }

    private static JsonNode readTree(Path file) {
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(file + ": not a JSON object");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static <T> T convert(Path file, JsonNode root, Class<T> type) {
        try {
            return JSON.treeToValue(root, type);
        } catch (JsonMappingException e) {
            String where = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            String message = firstLine(e.getOriginalMessage());
            String why = message.startsWith("Missing creator property") ? " is missing"
                    : message.startsWith("Null value for creator property") ? " is null"
                    : ": " + message.replaceFirst("; `DeserializationFeature.*", "");
            throw new IllegalArgumentException(file + ": field " + (where.isEmpty() ? "(top level)" : where) + why);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    }
}
