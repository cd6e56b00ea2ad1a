package dev.autoloss.model.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A declarative input format: the columns of a line (name and {@link FieldKind}), the separator, whether
 * the file starts with a header, how the label and the time read, and the {@link Feature}s that become
 * {@link Example#keys()}, in order. The built-in schemas are declared in {@link BuiltInSchemas}.
 */
public final class Schema {

    private final Format format;
    private final String separator;
    private final boolean header;
    private final List<Column> columns;
    private final List<Feature> features;
    private final LabelScale labelScale;
    private final TimeFormat timeFormat;

    private Schema(Builder b) {
        this.format = b.format;
        this.separator = b.separator;
        this.header = b.header;
        this.columns = List.copyOf(b.columns);
        this.features = List.copyOf(b.features);
        this.labelScale = b.labelScale;
        this.timeFormat = b.timeFormat;
    }

    /** The built-in schema of a format. */
    public static Schema of(Format format) {
        return BuiltInSchemas.of(format);
    }

    public Format format() {
        return format;
    }

    /** The literal text between columns ("\t", ",", "::"). */
    public String separator() {
        return separator;
    }

    /** Whether the first line of a file names the columns (and is not an event). */
    public boolean hasHeader() {
        return header;
    }

    /** The header line a file of this format starts with (the column names joined by the separator). */
    public String headerLine() {
        return columns.stream().map(Column::name).collect(Collectors.joining(separator));
    }

    public List<Column> columns() {
        return columns;
    }

    /** The features in Example.keys order. */
    public List<Feature> features() {
        return features;
    }

    /** The feature field names in Example.keys order. */
    public List<String> featureNames() {
        return features.stream().map(Feature::name).toList();
    }

    public int featureCount() {
        return features.size();
    }

    /** The index of the first column of this kind, or -1 when the format has none. */
    public int columnOf(FieldKind kind) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    public LabelScale labelScale() {
        return labelScale;
    }

    public TimeFormat timeFormat() {
        return timeFormat;
    }

    public Task defaultTask() {
        return labelScale.defaultTask();
    }

    public Set<Task> tasks() {
        return labelScale.tasks();
    }

    /** Model outputs for a task: 1 for binary and regression, 5 for MovieLens multiclass. */
    public int classes(Task task) {
        requireTask(task);
        return labelScale.classes(task);
    }

    /** @throws IllegalArgumentException naming the valid tasks when this format's label cannot serve the task */
    public void requireTask(Task task) {
        if (!labelScale.tasks().contains(task)) {
            throw new IllegalArgumentException("format " + format.cliName() + " has no " + task.cliName()
                    + " task; valid tasks: " + labelScale.tasks().stream().map(Task::cliName).collect(Collectors.joining(", ")));
        }
    }

    /** Declares a schema column by column; each feature reads the column declared just before it. */
    static final class Builder {
        private final Format format;
        private final String separator;
        private final boolean header;
        private final List<Column> columns = new ArrayList<>();
        private final List<Feature> features = new ArrayList<>();
        private LabelScale labelScale;
        private TimeFormat timeFormat = TimeFormat.NONE;

        Builder(Format format, String separator, boolean header) {
            this.format = format;
            this.separator = separator;
            this.header = header;
        }

        Builder label(String name, LabelScale scale) {
            this.labelScale = scale;
            return column(name, FieldKind.LABEL);
        }

        Builder id(String name) {
            return column(name, FieldKind.ID);
        }

        Builder timestamp(String name, TimeFormat format) {
            this.timeFormat = format;
            return column(name, FieldKind.TIMESTAMP);
        }

        /** A categorical column that is also a feature of the same name. */
        Builder categorical(String name) {
            return column(name, FieldKind.CATEGORICAL).feature(name, Encoding.AS_IS);
        }

        /** A numeric count column that is also a feature of the same name, log-squared bucketed. */
        Builder numeric(String name) {
            return column(name, FieldKind.NUMERIC).feature(name, Encoding.LOG_SQUARED);
        }

        Builder column(String name, FieldKind kind) {
            columns.add(new Column(name, kind));
            return this;
        }

        /** A feature read from the column declared last. */
        Builder feature(String name, Encoding encoding) {
            features.add(new Feature(name, columns.size() - 1, encoding));
            return this;
        }

        Schema build() {
            if (labelScale == null) {
                throw new IllegalStateException("schema " + format + " declares no label column");
            }
            return new Schema(this);
        }
    }
}
