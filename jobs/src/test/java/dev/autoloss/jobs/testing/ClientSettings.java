package dev.autoloss.jobs.testing;

import java.lang.reflect.Field;
import java.util.Properties;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;

/** The Kafka client settings a Flink Kafka source or sink will open its clients with (private fields, read for tests). */
public final class ClientSettings {

    private ClientSettings() {}

    public static Properties of(KafkaSource<?> source) {
        return field(source, "props");
    }

    public static Properties of(KafkaSink<?> sink) {
        return field(sink, "kafkaProducerConfig");
    }

    private static Properties field(Object owner, String name) {
        try {
            Field field = owner.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return (Properties) field.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the Kafka connector has no field " + name + " in " + owner.getClass() + " any more", e);
        }
    }
}
