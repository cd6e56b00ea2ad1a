package dev.autoloss.model.snapshot;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One named array of a snapshot.
 *
 * @param data the elements, little-endian: a view into the snapshot's bytes (position 0, limit = size, backed by
 *             the snapshot's array), not a copy
 */
public record SnapshotArray(String name, ArrayType type, long[] shape, ByteBuffer data) {

    public SnapshotArray {
        shape = shape.clone();
    }

    public long elements() {
        return elements(shape);
    }

    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(shape);
    }
}
