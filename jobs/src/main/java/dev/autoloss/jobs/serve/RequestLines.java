package dev.autoloss.jobs.serve;

import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.RecordReader;
import dev.autoloss.model.features.Schema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Example lines to score, from a data file (read as training reads it: .gz, header check, ml100k's join)
 * or from a stream such as standard input (a header line of the format is skipped). Each becomes a
 * request whose id is {@code SOURCE:LINE}.
 */
public final class RequestLines implements Iterator<ScoringRequest>, AutoCloseable {

    public static final String STANDARD_INPUT = "-";

    private final Iterator<RawRecord> records;
    private final AutoCloseable source;
    private long count;

    private RequestLines(Iterator<RawRecord> records, AutoCloseable source) {
        this.records = records;
        this.source = source;
    }

    /** {@code data} is a path, or {@value #STANDARD_INPUT} for standard input. */
    public static RequestLines open(Format format, String data) throws IOException {
        if (STANDARD_INPUT.equals(data)) {
            return of(format, "stdin", System.in);
        }
        RecordReader reader = RecordReader.open(format, Path.of(data));
        return new RequestLines(reader, reader);
    }

    /** Lines of {@code in}, named {@code source} in request ids and errors. */
    public static RequestLines of(Format format, String source, InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new RequestLines(new StreamRecords(Schema.of(format), source, reader), reader);
    }

    /** Requests handed out so far. */
    public long count() {
        return count;
    }

    @Override
    public boolean hasNext() {
        return records.hasNext();
    }

    @Override
    public ScoringRequest next() {
        RawRecord record = records.next();
        count++;
        return new ScoringRequest(record.source() + ":" + record.lineNumber(), record.line(), record.source(), record.lineNumber());
    }

    @Override
    public void close() throws Exception {
        source.close();
    }

    /** The lines of a reader, numbered from 1, without the format's header line. */
    private static final class StreamRecords implements Iterator<RawRecord> {
        private final Schema schema;
        private final String source;
        private final BufferedReader reader;
        private long lineNumber;
        private String next;

        StreamRecords(Schema schema, String source, BufferedReader reader) {
            this.schema = schema;
            this.source = source;
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = read();
                if (lineNumber == 1 && next != null && schema.hasHeader() && next.equals(schema.headerLine())) {
                    next = read();
                }
            }
            return next != null;
        }

        @Override
        public RawRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more lines in " + source);
            }
            RawRecord record = new RawRecord(source, lineNumber, next);
            next = null;
            return record;
        }

        private String read() {
            try {
                String line = reader.readLine();
                if (line != null) {
                    lineNumber++;
                }
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException(source + ":" + (lineNumber + 1) + ": " + e.getMessage(), e);
            }
        }
    }
}
