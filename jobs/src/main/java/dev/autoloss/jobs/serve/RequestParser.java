package dev.autoloss.jobs.serve;

import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.FieldKind;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;

/**
 * Parses a request line: a line of the format with its label field left empty (a filled-in valid
 * label is accepted and ignored). Every other field is checked exactly as for training, so a request
 * is hashed to the same keys as the events the model learned from. The example's id is the request id
 * and its label NaN.
 */
final class RequestParser {

    /** Stands in for the empty label so the training parser accepts the line; a valid label of every built-in scale. */
    static final String PLACEHOLDER_LABEL = "1";

    private final ExampleParser parser;
    private final String separator;
    private final int labelColumn;

    RequestParser(Format format) {
        Schema schema = Schema.of(format);
        this.parser = new ExampleParser(schema, schema.defaultTask());
        this.separator = schema.separator();
        this.labelColumn = schema.columnOf(FieldKind.LABEL);
    }

    Example parse(ScoringRequest request) throws BadRecordException {
        Example parsed = parser.parse(new RawRecord(request.source(), request.lineNumber(), withLabel(request.line())));
        return new Example(request.requestId(), parsed.eventTime(), Float.NaN, parsed.keys());
    }

    /** The line with the placeholder in an empty label field; unchanged otherwise (the parser then judges it). */
    private String withLabel(String line) {
        int start = 0;
        for (int column = 0; column < labelColumn; column++) {
            int at = line.indexOf(separator, start);
            if (at < 0) {
                return line;
            }
            start = at + separator.length();
        }
        boolean empty = line.startsWith(separator, start) || start == line.length();
        return empty ? line.substring(0, start) + PLACEHOLDER_LABEL + line.substring(start) : line;
    }
}
