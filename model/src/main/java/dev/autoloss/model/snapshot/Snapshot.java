package dev.autoloss.model.snapshot;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A decoded snapshot (layout in {@link SnapshotFormat}): what kind it is, the state shape it was written for,
 * the DRS step it was taken at, named counters and named arrays. Reading checks magic, format version and the
 * CRC-32C before anything else, so damaged bytes fail with one clear message instead of a strange parse.
 */
public final class Snapshot {

    /**
     * A full snapshot holds all state; a delta only the weights changed since its base step (to update a
     * scoring copy); a controller snapshot only the loss controller's weights (to reuse it frozen elsewhere); an
     * increment all state changed since its base step, optimiser state included (to resume training from a full
     * snapshot and the increments after it).
     */
    public enum Kind { FULL, DELTA, CONTROLLER, INCREMENT, REPLICA }

    private final Kind kind;
    private final String stateShape;
    private final long step;
    private final long baseStep;
    private final Map<String, Long> counters;
    private final Map<String, SnapshotArray> arrays;

    private Snapshot(Kind kind, String stateShape, long step, long baseStep, Map<String, Long> counters, Map<String, SnapshotArray> arrays) {
        this.kind = kind;
        this.stateShape = stateShape;
        this.step = step;
        this.baseStep = baseStep;
        this.counters = counters;
        this.arrays = arrays;
    }

    /** Decodes {@code bytes}; arrays are views into them (no copy). */
    public static Snapshot read(byte[] bytes) {
        int minimum = SnapshotFormat.MAGIC.length + 4 + SnapshotFormat.CHECKSUM_BYTES;
        if (bytes.length < minimum) {
            throw new CorruptSnapshotException("snapshot is " + bytes.length + " bytes, too short to be an AutoLoss snapshot");
        }
        if (!Arrays.equals(bytes, 0, SnapshotFormat.MAGIC.length, SnapshotFormat.MAGIC, 0, SnapshotFormat.MAGIC.length)) {
            throw new CorruptSnapshotException("not an AutoLoss snapshot: it does not start with " + new String(SnapshotFormat.MAGIC, StandardCharsets.US_ASCII));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = bytes.length - SnapshotFormat.CHECKSUM_BYTES;
        int stored = buffer.getInt(end);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, end);
        if ((int) crc.getValue() != stored) {
            throw new CorruptSnapshotException(String.format("snapshot checksum mismatch (stored %08x, computed %08x): the %d bytes are corrupted or truncated",
                    stored, (int) crc.getValue(), bytes.length));
        }
        buffer.position(SnapshotFormat.MAGIC.length);
        int format = buffer.getInt();
        if (format != SnapshotFormat.VERSION) {
            throw new CorruptSnapshotException("snapshot format version " + format + " is not supported (this build reads version " + SnapshotFormat.VERSION + ")");
        }
        buffer.limit(end);
        try {
            int kindCode = buffer.get();
            if (kindCode < 0 || kindCode >= Kind.values().length) {
                throw new CorruptSnapshotException("snapshot kind " + kindCode + " is unknown");
            }
            String stateShape = getString(buffer);
            long step = buffer.getLong();
            long baseStep = buffer.getLong();
            Map<String, Long> counters = new LinkedHashMap<>();
            for (int i = buffer.getInt(); i > 0; i--) {
                counters.put(getString(buffer), buffer.getLong());
            }
            Map<String, SnapshotArray> arrays = new LinkedHashMap<>();
            for (int i = buffer.getInt(); i > 0; i--) {
                SnapshotArray array = getArray(buffer);
                arrays.put(array.name(), array);
            }
            if (buffer.hasRemaining()) {
                throw new CorruptSnapshotException("snapshot has " + buffer.remaining() + " unexpected bytes after its last array");
            }
            return new Snapshot(Kind.values()[kindCode], stateShape, step, baseStep,
                    Collections.unmodifiableMap(counters), Collections.unmodifiableMap(arrays));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            if (e instanceof CorruptSnapshotException c) {
                throw c;
            }
            throw new CorruptSnapshotException("snapshot ends early or has an impossible size at byte " + buffer.position() + " (written by another build?)");
        }
    }

    private static SnapshotArray getArray(ByteBuffer buffer) {
        String name = getString(buffer);
        int typeCode = buffer.get();
        if (typeCode < 0 || typeCode >= ArrayType.values().length) {
            throw new CorruptSnapshotException("array " + name + " has unknown element type " + typeCode);
        }
        ArrayType type = ArrayType.values()[typeCode];
        long[] shape = new long[buffer.get()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = buffer.getLong();
        }
        long length = buffer.getLong();
        long expected = SnapshotArray.elements(shape) * type.bytes();
        if (length != expected || length > buffer.remaining()) {
            throw new CorruptSnapshotException("array " + name + " declares " + length + " bytes; its shape needs " + expected + " and " + buffer.remaining() + " remain");
        }
        ByteBuffer data = buffer.slice(buffer.position(), (int) length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(buffer.position() + (int) length);
        return new SnapshotArray(name, type, shape, data);
    }

    private static String getString(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new CorruptSnapshotException("snapshot string of " + length + " bytes at byte " + buffer.position() + " overruns the snapshot");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public Kind kind() {
        return kind;
    }

    /** The settings that fixed the shape of the state this snapshot holds. */
    public String stateShape() {
        return stateShape;
    }

    /** The DRS step the state is at. */
    public long step() {
        return step;
    }

    /** For a delta or an increment: the step it applies on top of. */
    public long baseStep() {
        return baseStep;
    }

    public long counter(String name) {
        Long value = counters.get(name);
        if (value == null) {
            throw new CorruptSnapshotException("snapshot has no counter " + name + " (it has " + counters.keySet() + ")");
        }
        return value;
    }

    /** The counters by name, in the order they were written. */
    public Map<String, Long> counters() {
        return counters;
    }

    public SnapshotArray array(String name) {
        SnapshotArray array = arrays.get(name);
        if (array == null) {
            throw new CorruptSnapshotException("snapshot has no array " + name);
        }
        return array;
    }

    public boolean hasArray(String name) {
        return arrays.containsKey(name);
    }

    public List<SnapshotArray> arrays() {
        return List.copyOf(arrays.values());
    }
}
