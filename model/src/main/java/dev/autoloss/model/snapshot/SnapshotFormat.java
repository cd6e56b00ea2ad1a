package dev.autoloss.model.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * The binary layout of a {@link Snapshot}, all little-endian:
 * <pre>
 *   magic "ALSNAPSH" (8 bytes) | format version (int32) | kind (int8: 0 full, 1 delta, 2 controller, 3 increment)
 *   state shape (string) | step (int64) | base step (int64)
 *   counter count (int32), then per counter: name (string), value (int64)
 *   array count (int32), then per array: name (string), type (int8), rank (int8), dims (int64 each),
 *                                          byte length (int64), bytes
 *   CRC-32C of everything before it (int32)
 * </pre>
 * A string is its UTF-8 byte length (int32) and the bytes.
 */
final class SnapshotFormat {

    static final byte[] MAGIC = "ALSNAPSH".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int CHECKSUM_BYTES = 4;

    private SnapshotFormat() {}
}
