package dev.autoloss.jobs.serve;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Kafka record to {@link ScoringRequest}: key = request id, value = the example line (UTF-8), position = topic/partition and offset. */
final class ScoringRequestDeserializer implements KafkaRecordDeserializationSchema<ScoringRequest> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ScoringRequest> out) {
        String id = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String line = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        out.collect(new ScoringRequest(id, line, record.topic() + "/" + record.partition(), record.offset()));
    }

    @Override
    public TypeInformation<ScoringRequest> getProducedType() {
        return TypeInformation.of(ScoringRequest.class);
    }
}
