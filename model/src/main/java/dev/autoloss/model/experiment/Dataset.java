package dev.autoloss.model.experiment;

import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.RecordReader;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole data file parsed into examples for an offline experiment. Bad rows are skipped, counted by
 * reason and the first few quoted, never dropped silently: a file where every row is bad is an error.
 *
 * @param examples the parsed examples, in file order
 * @param rows how many rows were read, good and bad
 * @param badRowsByReason skipped rows per {@code BadRecordException} reason
 * @param firstBadRows the messages of the first {@link #QUOTED_BAD_ROWS} skipped rows
 */
public record Dataset(
        Path path, Format format, Task task, int fieldCount, int classes,
        List<Example> examples, long rows, Map<String, Long> badRowsByReason, List<String> firstBadRows) {

    /** How many bad rows are quoted in full, in the report and the log. */
    static final int QUOTED_BAD_ROWS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Dataset.class);

    /** Reads and parses {@code path} in {@code format} for {@code task}. */
    public static Dataset load(Path path, Format format, Task task) throws IOException {
        Schema schema = Schema.of(format);
        schema.requireTask(task);
        ExampleParser parser = new ExampleParser(schema, task);
        List<Example> examples = new ArrayList<>();
        Map<String, Long> badByReason = new TreeMap<>();
        List<String> firstBad = new ArrayList<>();
        long rows = 0;
        try (RecordReader reader = RecordReader.open(format, path)) {
            while (reader.hasNext()) {
                RawRecord record = reader.next();
                rows++;
                try {
                    examples.add(parser.parse(record));
                } catch (BadRecordException e) {
                    badByReason.merge(e.reason().name(), 1L, Long::sum);
                    if (firstBad.size() < QUOTED_BAD_ROWS) {
                        firstBad.add(e.getMessage());
                        LOG.warn("skipped bad row: {}", e.getMessage());
                    }
                }
            }
        }
        long bad = rows - examples.size();
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(path + ": no usable " + format.cliName() + " rows (" + rows + " read, "
                    + bad + " bad" + (firstBad.isEmpty() ? "" : ", first: " + firstBad.get(0)) + ")");
        }
        if (bad > 0) {
            LOG.warn("{}: skipped {} bad rows of {} ({})", path, bad, rows, badByReason);
        }
        return new Dataset(path, format, task, schema.featureCount(), schema.classes(task),
                List.copyOf(examples), rows, Collections.unmodifiableMap(badByReason), List.copyOf(firstBad));
    }

    /** Rows skipped as bad. */
    public long badRows() {
        return rows - examples.size();
    }
}
