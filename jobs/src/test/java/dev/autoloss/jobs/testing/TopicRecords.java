package dev.autoloss.jobs.testing;

import dev.autoloss.jobs.kafka.KafkaCluster;
import dev.autoloss.jobs.kafka.TopicContents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what a test wrote to a real Kafka topic. */
public final class TopicRecords {

    private TopicRecords() {}

    /** Reads from the start of {@code topic} until {@code expected} records arrived or {@code patience} passed. */
    public static List<ConsumerRecord<String, String>> read(String bootstrap, String topic, int expected, Duration patience) {
        Properties props = stringConsumer(bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Every committed record of {@code topic}, as a consumer with {@code isolation.level=read_committed} sees it: those
     * of aborted transactions are left out, and the reading stops at the end of the topic.
     */
    public static List<ConsumerRecord<String, String>> readCommitted(String bootstrap, String topic) {
        return TopicContents.read(KafkaCluster.at(bootstrap), topic, Duration.ofSeconds(30));
    }

    private static Properties stringConsumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }
}
