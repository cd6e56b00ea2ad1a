package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkedIoTest {

    private final byte[] bytes = new byte[3 * ChunkedIo.CHUNK + 17];

    ChunkedIoTest() {
        new Random(5).nextBytes(bytes);
    }

    @Test
    void writesTheWholeArrayInPiecesNoLargerThanAChunk() throws Exception {
        List<Integer> writes = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes.add(len);
                super.write(b, off, len);
            }
        };

        ChunkedIo.write(out, bytes);

        assertArrayEquals(bytes, out.toByteArray());
        assertTrue(writes.stream().allMatch(len -> len <= ChunkedIo.CHUNK), "writes of " + writes);
    }

    @Test
    void readsThroughShortReadsAndFailsWhenTheStreamEndsEarly() throws Exception {
        InputStream trickling = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1000)); // as a network file system may
            }
        };
        byte[] back = new byte[bytes.length];

        ChunkedIo.readFully(trickling, back);

        assertArrayEquals(bytes, back);
        assertThrows(EOFException.class, () -> ChunkedIo.readFully(new ByteArrayInputStream(bytes), new byte[bytes.length + 1]));
    }
}
