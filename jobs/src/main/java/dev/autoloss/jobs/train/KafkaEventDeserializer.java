package dev.autoloss.jobs.train;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

/** Kafka record to {@link KafkaEvent}: key and value as UTF-8 text, with the position and append time. */
final class KafkaEventDeserializer implements KafkaRecordDeserializationSchema<KafkaEvent> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaEvent> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String line = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        long appendTime = record.timestampType() == TimestampType.LOG_APPEND_TIME ? record.timestamp() : -1;
        out.collect(new KafkaEvent(key, line, appendTime, record.partition(), record.offset()));
    }

    @Override
    public TypeInformation<KafkaEvent> getProducedType() {
        return TypeInformation.of(KafkaEvent.class);
    }
}
