package dev.autoloss.model.snapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Assembles a snapshot: counters and arrays are declared with their sizes, then {@link #toBytes()} allocates the
 * result once and lets each array fill its own slice (so a large table is copied once, straight from its source).
 */
public final class SnapshotWriter {

    private record PendingArray(String name, ArrayType type, long[] shape, long bytes, Consumer<ByteBuffer> fill) {}

    private final Snapshot.Kind kind;
    private final String stateShape;
    private final long step;
    private final long baseStep;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final List<PendingArray> arrays = new ArrayList<>();

    public SnapshotWriter(Snapshot.Kind kind, String stateShape, long step, long baseStep) {
        this.kind = kind;
        this.stateShape = stateShape;
        this.step = step;
        this.baseStep = baseStep;
    }

    public SnapshotWriter counter(String name, long value) {
        if (counters.put(name, value) != null) {
            throw new IllegalArgumentException("snapshot counter " + name + " written twice");
        }
        return this;
    }

    /** An array whose bytes {@code fill} writes into the little-endian buffer it is given (exactly its size). */
    public SnapshotWriter array(String name, ArrayType type, long[] shape, Consumer<ByteBuffer> fill) {
        if (arrays.stream().anyMatch(a -> a.name().equals(name))) {
            throw new IllegalArgumentException("snapshot array " + name + " written twice");
        }
        long bytes = Math.multiplyExact(SnapshotArray.elements(shape), type.bytes());
        arrays.add(new PendingArray(name, type, shape.clone(), bytes, fill));
        return this;
    }

    public SnapshotWriter array(String name, byte[] bytes) {
        return array(name, ArrayType.UINT8, new long[] {bytes.length}, buffer -> buffer.put(bytes));
    }

    public byte[] toBytes() {
        long size = SnapshotFormat.MAGIC.length + 4 + 1 + string(stateShape) + 8 + 8 + 4 + 4 + SnapshotFormat.CHECKSUM_BYTES;
        for (String name : counters.keySet()) {
            size += string(name) + 8;
        }
        for (PendingArray a : arrays) {
            size += string(a.name()) + 1 + 1 + 8L * a.shape().length + 8 + a.bytes();
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("snapshot of " + size + " bytes exceeds the 2 GiB a byte array can hold; use a smaller table");
        }
        byte[] out = new byte[(int) size];
        ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(SnapshotFormat.MAGIC).putInt(SnapshotFormat.VERSION).put((byte) kind.ordinal());
        putString(buffer, stateShape);
        buffer.putLong(step).putLong(baseStep);
        buffer.putInt(counters.size());
        counters.forEach((name, value) -> {
            putString(buffer, name);
            buffer.putLong(value);
        });
        buffer.putInt(arrays.size());
        for (PendingArray a : arrays) {
            putString(buffer, a.name());
            buffer.put((byte) a.type().ordinal()).put((byte) a.shape().length);
            for (long d : a.shape()) {
                buffer.putLong(d);
            }
            buffer.putLong(a.bytes());
            ByteBuffer slice = buffer.slice(buffer.position(), (int) a.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            a.fill().accept(slice);
            if (slice.position() != slice.limit()) {
                throw new IllegalStateException("array " + a.name() + " wrote " + slice.position() + " of its " + a.bytes() + " bytes");
            }
            buffer.position(buffer.position() + (int) a.bytes());
        }
        CRC32C crc = new CRC32C();
        crc.update(out, 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return out;
    }

    private static long string(String s) {
        return 4 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void putString(ByteBuffer buffer, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(bytes.length).put(bytes);
    }
}
