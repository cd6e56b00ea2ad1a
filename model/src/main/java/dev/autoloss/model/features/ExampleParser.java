package dev.autoloss.model.features;

import java.time.DateTimeException;
import java.util.List;

/**
 * Turns a {@link RawRecord} into an {@link Example} by its {@link Schema}: the label for the task, the
 * event time, the event id (the format's id column, else {@code source:lineNumber}) and one
 * {@link FeatureHash#hash64} key per feature. A line that does not fit throws a {@link BadRecordException}
 * naming the line, field and value. Stateless: one parser may serve many threads.
 */
public final class ExampleParser {

    /** Lines longer than this are rejected (64 KiB; the longest real Criteo line is under 1 KiB). */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    private final Schema schema;
    private final Task task;
    private final LineSplitter splitter;
    private final List<Feature> features;
    private final int columnCount;
    private final int labelColumn;
    private final int idColumn;
    private final int timeColumn;

    public ExampleParser(Schema schema, Task task) {
        schema.requireTask(task);
        this.schema = schema;
        this.task = task;
        this.splitter = new LineSplitter(schema.separator());
        this.features = schema.features();
        this.columnCount = schema.columns().size();
        this.labelColumn = schema.columnOf(FieldKind.LABEL);
        this.idColumn = schema.columnOf(FieldKind.ID);
        this.timeColumn = schema.columnOf(FieldKind.TIMESTAMP);
    }

    public Schema schema() {
        return schema;
    }

    public Task task() {
        return task;
    }

    public Example parse(RawRecord record) throws BadRecordException {
        String line = record.line();
        if (line.length() > MAX_LINE_CHARS) {
            throw new BadRecordException(Reason.LINE_TOO_LONG, record, BadRecordException.WHOLE_LINE, line,
                    "over " + MAX_LINE_CHARS + " characters");
        }
        int[] ends = new int[columnCount];
        int found = splitter.ends(line, ends);
        if (found != columnCount) {
            throw new BadRecordException(Reason.WRONG_FIELD_COUNT, record, BadRecordException.WHOLE_LINE, line,
                    "expected " + columnCount + ", found " + found);
        }
        float label = label(record, column(line, ends, labelColumn));
        long eventTime = eventTime(record, timeColumn < 0 ? "" : column(line, ends, timeColumn));
        String eventId = eventId(record, idColumn < 0 ? null : column(line, ends, idColumn));
        FeatureHash.Scratch scratch = new FeatureHash.Scratch();
        long[] keys = new long[features.size()];
        for (int i = 0; i < keys.length; i++) {
            Feature feature = features.get(i);
            int start = splitter.start(ends, feature.column());
            int end = ends[feature.column()];
            try {
                keys[i] = feature.encoding().key(feature.name(), line, start, end, eventTime, scratch);
            } catch (NumberFormatException e) {
                throw new BadRecordException(Reason.BAD_NUMBER, record, schema.columns().get(feature.column()).name(),
                        line.substring(start, end), "expected an integer");
            }
        }
        return new Example(eventId, eventTime, label, keys);
    }

    private String column(String line, int[] ends, int column) {
        return line.substring(splitter.start(ends, column), ends[column]);
    }

    private float label(RawRecord record, String text) throws BadRecordException {
        try {
            return schema.labelScale().parse(text, task);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(Reason.BAD_LABEL, record, schema.columns().get(labelColumn).name(), text,
                    schema.labelScale().expected());
        }
    }

    private long eventTime(RawRecord record, String text) throws BadRecordException {
        if (timeColumn < 0) {
            return -1;
        }
        try {
            return schema.timeFormat().toEpochMillis(text);
        } catch (DateTimeException | NumberFormatException e) {
            throw new BadRecordException(Reason.BAD_TIMESTAMP, record, schema.columns().get(timeColumn).name(), text,
                    "expected " + schema.timeFormat().expected());
        }
    }

    private String eventId(RawRecord record, String id) throws BadRecordException {
        if (id == null) {
            return record.source() + ":" + record.lineNumber();
        }
        if (id.isEmpty()) {
            throw new BadRecordException(Reason.MISSING_EVENT_ID, record, schema.columns().get(idColumn).name(), id, "");
        }
        return id;
    }
}
