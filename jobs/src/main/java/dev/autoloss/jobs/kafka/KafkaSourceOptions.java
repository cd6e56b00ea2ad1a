package dev.autoloss.jobs.kafka;

import java.io.Serializable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a job reads its Kafka topic: the brokers, the client properties passed through and whether it stops at the
 * topic's end. A mixin of the train and the score job, which name their own topic and consumer group.
 */
public final class KafkaSourceOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    @Option(names = "--bootstrap", defaultValue = "localhost:9092", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    public String bootstrap;

    @Mixin
    public KafkaClientOptions client = new KafkaClientOptions();

    @Option(names = "--bounded", description = "stop at the end of the topic as it is when the job starts (demo, tests, benchmarks)")
    public boolean bounded;

    /** The Kafka cluster as the job's clients reach it (bootstrap servers and passed-through properties). */
    public KafkaCluster cluster() {
        return client.cluster(bootstrap);
    }

    /** A source of {@code topic}'s records for consumer group {@code groupId}, from {@code starting}. */
    public <T> KafkaSource<T> source(String topic, String groupId, OffsetsInitializer starting, KafkaRecordDeserializationSchema<T> records) {
        KafkaSourceBuilder<T> builder = KafkaSource.<T>builder()
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(starting)
                .setDeserializer(records);
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        } else {
            // new partitions (or the topic, created after the job) are picked up within seconds, not 5 minutes
            builder.setProperty("partition.discovery.interval.ms", "10000");
        }
        // the passed-through client properties last: security, and over the tunables above when the user sets them
        return builder.setProperties(cluster().clientProperties()).build();
    }
}
