package dev.autoloss.jobs.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A rejected event as a dead-letter record: key = the event's key, value = JSON
 * {@code {"reason":"BAD_LABEL","message":"events/0@17: ...","topic":"events","partition":0,"offset":17,"line":"..."}}.
 */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<RejectedEvent> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String deadLetterTopic;

    DeadLetterSerializer(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RejectedEvent event, KafkaSinkContext context, Long timestamp) {
        byte[] key = event.key() == null ? null : event.key().getBytes(StandardCharsets.UTF_8);
        try {
            return new ProducerRecord<>(deadLetterTopic, key, JSON.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dead-letter record of " + event.topic() + "/" + event.partition()
                    + "@" + event.offset(), e);
        }
    }
}
