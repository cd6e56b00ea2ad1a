package dev.autoloss.jobs.train;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaPartitioner;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The trainers' deltas into their Kafka topic, trainer {@code i} into partition {@code i}, in transactions committed
 * with each checkpoint: the other trainers read them with {@code read_committed} ({@link ReplicaFeedback}), so they
 * add only deltas of completed checkpoints, which no restore takes back.
 */
final class ReplicaDeltaSink {

    private ReplicaDeltaSink() {}

    static KafkaSink<ReplicaDeltaChunk> of(TrainOptions options) {
        KafkaRecordSerializationSchema<ReplicaDeltaChunk> serializer = KafkaRecordSerializationSchema.<ReplicaDeltaChunk>builder()
                .setTopic(options.trainerDeltaTopic())
                .setValueSerializationSchema(new ChunkBytes())
                .setPartitioner(new TrainersPartition())
                .build();
        return TrainJob.transactionalSink(options, "trainer-deltas", serializer);
    }

    private static final class ChunkBytes implements SerializationSchema<ReplicaDeltaChunk> {
        @Override
        public byte[] serialize(ReplicaDeltaChunk chunk) {
            return chunk.toBytes();
        }
    }

    private static final class TrainersPartition implements KafkaPartitioner<ReplicaDeltaChunk> {
        @Override
        public int partition(ReplicaDeltaChunk chunk, byte[] key, byte[] value, String topic, int[] partitions) {
            return chunk.replica();
        }
    }
}
