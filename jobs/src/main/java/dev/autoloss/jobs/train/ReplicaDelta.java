package dev.autoloss.jobs.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What one of several trainers sends, at each checkpoint, to the merged model and to the other trainers: the delta
 * of its own steps since its last one ({@link dev.autoloss.model.train.Trainer#takeReplicaDelta()}) with its
 * counters, which the merged model sums, and its status.
 *
 * @param replica          the trainer's subtask index
 * @param sequence         its deltas numbered from 1 in this run of the job
 * @param emittedAtMillis  when it was taken (epoch ms)
 * @param eventsTrained    its training events trained, in total
 * @param validationEvents its validation events received, in total
 * @param rejected         its malformed events, in total
 * @param trainedIdDigest  {@link EventIdDigest} of the ids of its trained events
 * @param untrainedOffsets per Kafka partition, the offset of its first event not yet in a delta (see {@link ResumeOffsets})
 * @param appendTimes      Kafka append times of a sample of the events this delta carries (for freshness)
 * @param status           its status record, as JSON
 * @param payload          the model delta
 */
public record ReplicaDelta(int replica, long sequence, long emittedAtMillis, long eventsTrained, long validationEvents,
                           long rejected, long trainedIdDigest, long[] untrainedOffsets, long[] appendTimes, String status, byte[] payload) {

    /** The delta's counters and status alone, as the merged model keeps the last of each trainer's in its state. */
    ReplicaDelta withoutModel() {
        return new ReplicaDelta(replica, sequence, emittedAtMillis, eventsTrained, validationEvents, rejected, trainedIdDigest,
                untrainedOffsets, new long[0], status, new byte[0]);
    }

    /** Its encoding in the trainers' Kafka topic. */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(replica);
            out.writeLong(sequence);
            out.writeLong(emittedAtMillis);
            out.writeLong(eventsTrained);
            out.writeLong(validationEvents);
            out.writeLong(rejected);
            out.writeLong(trainedIdDigest);
            writeLongs(out, untrainedOffsets);
            writeLongs(out, appendTimes);
            out.writeUTF(status);
            out.writeInt(payload.length);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ReplicaDelta fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            ReplicaDelta delta = new ReplicaDelta(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong(), readLongs(in), readLongs(in), in.readUTF(), in.readNBytes(in.readInt()));
            if (in.read() != -1) {
                throw new IOException("bytes after the payload");
            }
            return delta;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable trainer delta: " + e.getMessage(), e);
        }
    }

    private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long value : values) {
            out.writeLong(value);
        }
    }

    private static long[] readLongs(DataInputStream in) throws IOException {
        long[] values = new long[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }
}
