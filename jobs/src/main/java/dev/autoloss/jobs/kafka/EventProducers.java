package dev.autoloss.jobs.kafka;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producers of event lines: text key (the event id) and text value (the line), acknowledged by all replicas
 * unless the cluster's passed-through properties say otherwise.
 */
public final class EventProducers {

    private EventProducers() {}

    public static KafkaProducer<String, String> open(KafkaCluster kafka) {
        return new KafkaProducer<>(settings(kafka));
    }

    static Properties settings(KafkaCluster kafka) {
        return kafka.clientProperties(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                // batches of many small records: throughput at the cost of a few milliseconds
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024)));
    }
}
