package dev.autoloss.model.snapshot;

/** The element type of a snapshot array; elements are stored little-endian. */
public enum ArrayType {
    FLOAT32(4),
    FLOAT64(8),
    INT32(4),
    INT64(8),
    UINT8(1);

    private final int bytes;

    ArrayType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
