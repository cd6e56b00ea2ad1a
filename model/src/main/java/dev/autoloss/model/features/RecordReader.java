package dev.autoloss.model.features;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

/**
 * Reads a data file of a {@link Format} as {@link RawRecord}s, one per event line, in file order. A
 * ".gz" file is decompressed; a header line is checked against the schema and skipped (line numbers
 * still count it); ml100k reads a directory and joins each rating with its user and item
 * ({@link MovieLens100kJoin}). Lines are not validated here: {@link ExampleParser} does that, so
 * callers see every bad line. I/O failures during iteration surface as {@link UncheckedIOException}.
 */
public final class RecordReader implements Iterator<RawRecord>, AutoCloseable {

    private static final int GZIP_BUFFER = 1 << 16;

    private final BoundedLineReader lines;
    private final String source;
    private final UnaryOperator<String> toEvent;
    private long lineNumber;
    private RawRecord next;

    private RecordReader(BoundedLineReader lines, String source, UnaryOperator<String> toEvent) {
        this.lines = lines;
        this.source = source;
        this.toEvent = toEvent;
    }

    /**
     * Opens a file (for ml100k: the directory holding u.data, u.user and u.item).
     *
     * @throws FileNotFoundException naming the missing file
     * @throws IOException           when the header does not match the format, or ml100k's tables are broken
     */
    public static RecordReader open(Format format, Path path) throws IOException {
        if (format == Format.ML100K) {
            return openMovieLens100k(path);
        }
        Schema schema = Schema.of(format);
        RecordReader reader = new RecordReader(lines(path), path.getFileName().toString(), UnaryOperator.identity());
        if (schema.hasHeader()) {
            reader.checkHeader(schema);
        }
        return reader;
    }

    private static RecordReader openMovieLens100k(Path dir) throws IOException {
        for (String name : new String[] {MovieLens100kJoin.RATINGS, MovieLens100kJoin.USERS, MovieLens100kJoin.ITEMS}) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new FileNotFoundException("ml100k expects a directory holding u.data, u.user and u.item; "
                        + dir.resolve(name) + " is missing");
            }
        }
        MovieLens100kJoin join = MovieLens100kJoin.load(dir);
        Path ratings = dir.resolve(MovieLens100kJoin.RATINGS);
        String source = (dir.getFileName() == null ? "" : dir.getFileName() + "/") + MovieLens100kJoin.RATINGS;
        return new RecordReader(lines(ratings), source, join::join);
    }

    private static BoundedLineReader lines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("data file not found: " + file);
        }
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, GZIP_BUFFER);
        }
        return new BoundedLineReader(new InputStreamReader(in, StandardCharsets.UTF_8), ExampleParser.MAX_LINE_CHARS);
    }

    private void checkHeader(Schema schema) throws IOException {
        String header = lines.readLine();
        lineNumber++;
        String expected = schema.headerLine();
        if (header != null && header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        if (!expected.equals(header)) {
            close();
            throw new IOException(source + ":1: the header does not match the " + schema.format().cliName()
                    + " format; expected '" + expected + "', found '" + header + "'");
        }
    }

    /** The name used in RawRecord.source(): the file name, or "ml-100k/u.data" for a MovieLens directory. */
    public String source() {
        return source;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more lines in " + source);
        }
        RawRecord record = next;
        next = null;
        return record;
    }

    private RawRecord read() {
        try {
            String line = lines.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            return new RawRecord(source, lineNumber, toEvent.apply(line));
        } catch (IOException e) {
            throw new UncheckedIOException(source + ":" + (lineNumber + 1) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
