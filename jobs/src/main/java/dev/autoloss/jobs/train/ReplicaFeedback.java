package dev.autoloss.jobs.train;

import dev.autoloss.jobs.kafka.KafkaCluster;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other trainers' deltas, read from their Kafka topic with {@code read_committed} on a thread of its own and
 * handed to the training thread whole. Exactly once: the trainer checkpoints, per partition, the offset after the
 * last delta it added ({@link #offsets()}), and a restored trainer reads on from there; a new one starts at the end.
 */
final class ReplicaFeedback implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFeedback.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** A whole delta, and the offset after its last piece in its partition. */
    record Arrived(ReplicaDelta delta, int partition, long nextOffset) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long[] offsets;
    private final ConcurrentLinkedQueue<Arrived> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread reader;
    private volatile boolean closed;

    /**
     * @param restored per partition, where the trainer's checkpoint says to read on; empty for a new trainer
     */
    ReplicaFeedback(KafkaCluster kafka, String topic, int replica, int replicas, long[] restored) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        defaults.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(kafka.clientProperties(defaults), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> others = new ArrayList<>();
        for (int p = 0; p < replicas; p++) {
            if (p != replica) {
                others.add(new TopicPartition(topic, p));
            }
        }
        consumer.assign(others);
        this.offsets = new long[replicas];
        for (TopicPartition partition : others) {
            if (restored.length == replicas) {
                consumer.seek(partition, restored[partition.partition()]);
            } else {
                consumer.seekToEnd(List.of(partition)); // earlier lineages' deltas are not this model's
            }
            offsets[partition.partition()] = consumer.position(partition);
        }
        this.reader = new Thread(this::read, "trainer-deltas-reader-" + replica);
        reader.setDaemon(true);
        reader.start();
    }

    /** The deltas that arrived whole since the last call, in order per partition; rethrows the reader's failure. */
    List<Arrived> poll() {
        RuntimeException failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("reading the other trainers' deltas failed: " + failed.getMessage(), failed);
        }
        List<Arrived> whole = new ArrayList<>();
        for (Arrived next = arrived.poll(); next != null; next = arrived.poll()) {
            whole.add(next);
        }
        return whole;
    }

    /** The trainer added {@code delta}: a restore reads on after it. */
    void added(Arrived delta) {
        offsets[delta.partition()] = delta.nextOffset();
    }

    /** Per partition, the offset after the last delta added (what a checkpoint keeps). */
    long[] offsets() {
        return offsets.clone();
    }

    private void read() {
        Map<Integer, ByteArrayOutputStream> pieces = new HashMap<>();
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    ReplicaDeltaChunk chunk = ReplicaDeltaChunk.fromBytes(record.value());
                    ByteArrayOutputStream delta = chunk.index() == 0 ? new ByteArrayOutputStream() : pieces.get(record.partition());
                    if (delta == null) {
                        LOG.warn("skipped a piece of delta {} of trainer {} whose first piece never came", chunk.sequence(), chunk.replica());
                        continue;
                    }
                    delta.writeBytes(chunk.bytes());
                    pieces.put(record.partition(), delta);
                    if (chunk.index() == chunk.count() - 1) {
                        pieces.remove(record.partition());
                        arrived.add(new Arrived(ReplicaDelta.fromBytes(delta.toByteArray()), record.partition(), record.offset() + 1));
                    }
                }
            }
        } catch (WakeupException e) {
            // closed
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        reader.join(Duration.ofSeconds(5).toMillis());
    }
}
