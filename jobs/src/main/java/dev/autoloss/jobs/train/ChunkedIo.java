package dev.autoloss.jobs.train;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes and reads the trainer's state files (tens to hundreds of megabytes) in 64 KiB pieces. Given a whole array,
 * the JDK's file streams copy it through a native buffer of its full size, allocated and freed per call: a fresh
 * mapping of tens of megabytes each time, every page of it faulted in, which cost the writer and compaction threads
 * about a tenth of a core of system time at a checkpoint every 2 s. Pieces this small come from a reused buffer.
 */
final class ChunkedIo {

    static final int CHUNK = 64 * 1024;

    private ChunkedIo() {}

    static void write(OutputStream out, byte[] bytes) throws IOException {
        for (int offset = 0; offset < bytes.length; offset += CHUNK) {
            out.write(bytes, offset, Math.min(CHUNK, bytes.length - offset));
        }
    }

    /** Fills {@code bytes} from {@code in}, or fails when the stream ends first. */
    static void readFully(InputStream in, byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            int read = in.read(bytes, offset, Math.min(CHUNK, bytes.length - offset));
            if (read < 0) {
                throw new EOFException("the stream ended after " + offset + " of " + bytes.length + " bytes");
            }
            offset += read;
        }
    }
}
