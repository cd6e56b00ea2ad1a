package dev.autoloss.model.features;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines ("\n" or "\r\n") like {@link java.io.BufferedReader#readLine}, but keeps at most
 * {@code maxChars + 1} characters of a line and skips the rest, so a file without line breaks cannot
 * exhaust memory; the parser then rejects the cut line as too long.
 */
final class BoundedLineReader implements Closeable {

    private static final int BUFFER_CHARS = 1 << 16;

    private final Reader in;
    private final int keepChars;
    private final char[] buffer = new char[BUFFER_CHARS];
    private final StringBuilder line = new StringBuilder();
    private int pos;
    private int end;

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.keepChars = maxChars + 1;
    }

    /** The next line without its line break, or null at the end of the input. */
    String readLine() throws IOException {
        line.setLength(0);
        boolean sawAny = false;
        while (true) {
            if (pos == end && !fill()) {
                return sawAny ? finish() : null;
            }
            sawAny = true;
            int start = pos;
            while (pos < end && buffer[pos] != '\n') {
                pos++;
            }
            int room = keepChars - line.length();
            line.append(buffer, start, Math.min(pos - start, Math.max(room, 0)));
            if (pos < end) {
                pos++; // the '\n'
                return finish();
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        pos = 0;
        end = Math.max(n, 0);
        return n > 0;
    }

    private String finish() {
        int last = line.length() - 1;
        if (last >= 0 && line.charAt(last) == '\r' && line.length() < keepChars) {
            line.setLength(last);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
