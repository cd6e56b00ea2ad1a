package dev.autoloss.model.features;

import java.util.List;

/**
 * A first look at a data set: rows parsed and rejected (per reason, with the first lines of each), the
 * label distribution, each feature's distinct values and missing rate, and the event-time range.
 */
public final class DataProfile {

    private final Schema schema;
    private final Task task;
    private final LabelStats labels;
    private final List<FieldStats> fields;
    private final Rejections rejections = new Rejections();
    private long parsed;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;

    public DataProfile(Schema schema, Task task) {
        this.schema = schema;
        this.task = task;
        this.labels = new LabelStats(task, schema.classes(task));
        this.fields = schema.features().stream().map(FieldStats::new).toList();
    }

    /**
     * Profiles up to {@code limit} lines (all when {@code limit <= 0}) of a reader, skipping and counting
     * bad lines.
     */
    public static DataProfile scan(RecordReader reader, ExampleParser parser, long limit) {
        DataProfile profile = new DataProfile(parser.schema(), parser.task());
        for (long n = 0; (limit <= 0 || n < limit) && reader.hasNext(); n++) {
            try {
                profile.add(parser.parse(reader.next()));
            } catch (BadRecordException bad) {
                profile.reject(bad);
            }
        }
        return profile;
    }

    public void add(Example example) {
        parsed++;
        labels.add(example.label());
        long[] keys = example.keys();
        for (int i = 0; i < keys.length; i++) {
            fields.get(i).add(keys[i]);
        }
        if (example.eventTime() >= 0) {
            minTime = Math.min(minTime, example.eventTime());
            maxTime = Math.max(maxTime, example.eventTime());
        }
    }

    public void reject(BadRecordException bad) {
        rejections.add(bad);
    }

    public Schema schema() {
        return schema;
    }

    public Task task() {
        return task;
    }

    public long rowsParsed() {
        return parsed;
    }

    public long rowsRejected() {
        return rejections.total();
    }

    public Rejections rejections() {
        return rejections;
    }

    public LabelStats labels() {
        return labels;
    }

    /** One entry per feature, in Example.keys order. */
    public List<FieldStats> fields() {
        return fields;
    }

    /** Whether any parsed example had an event time. */
    public boolean hasEventTime() {
        return minTime <= maxTime;
    }

    /** Earliest event time (epoch ms); only meaningful when {@link #hasEventTime()}. */
    public long minEventTime() {
        return minTime;
    }

    public long maxEventTime() {
        return maxTime;
    }
}
