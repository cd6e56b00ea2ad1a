package dev.autoloss.jobs.train;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A piece of a {@link ReplicaDelta} as one Kafka record: a delta holds the table rows a trainer changed in a
 * checkpoint interval (megabytes), more than a broker takes in one record by default. The pieces of a delta go out
 * in one Kafka transaction, so a reader with {@code read_committed} sees all of them or none.
 */
public record ReplicaDeltaChunk(int replica, long sequence, int index, int count, byte[] bytes) {

    static final int MAX_BYTES = 512 * 1024;
    private static final int HEADER_BYTES = 4 + 8 + 4 + 4;

    static List<ReplicaDeltaChunk> split(ReplicaDelta delta) {
        byte[] all = delta.toBytes();
        int count = Math.max(1, (all.length + MAX_BYTES - 1) / MAX_BYTES);
        List<ReplicaDeltaChunk> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chunks.add(new ReplicaDeltaChunk(delta.replica(), delta.sequence(), i, count,
                    Arrays.copyOfRange(all, i * MAX_BYTES, Math.min(all.length, (i + 1) * MAX_BYTES))));
        }
        return chunks;
    }

    byte[] toBytes() {
        return ByteBuffer.allocate(HEADER_BYTES + bytes.length).putInt(replica).putLong(sequence).putInt(index).putInt(count).put(bytes).array();
    }

    static ReplicaDeltaChunk fromBytes(byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record);
        if (record.length < HEADER_BYTES) {
            throw new IllegalArgumentException("a trainer delta record of " + record.length + " bytes is shorter than its header");
        }
        int replica = in.getInt();
        long sequence = in.getLong();
        int index = in.getInt();
        int count = in.getInt();
        byte[] bytes = new byte[in.remaining()];
        in.get(bytes);
        return new ReplicaDeltaChunk(replica, sequence, index, count, bytes);
    }
}
