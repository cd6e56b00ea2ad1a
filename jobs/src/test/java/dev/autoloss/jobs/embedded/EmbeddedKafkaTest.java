package dev.autoloss.jobs.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void everyProducedRecordComesBackWithItsKeyValueAndTimestamp() throws Exception {
        String topic = "round-trip";
        int partitions = 3;
        int count = 500;
        long firstTimestamp = 1_700_000_000_000L;
        kafka.createTopic(topic, partitions);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, null, firstTimestamp + i * 1000L, "event-" + i, "line " + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(); // a failed send fails the test with its cause
            }
        }

        List<ConsumerRecord<String, String>> received = consumeAll(topic, count, "read_uncommitted");
        assertEquals(count, received.size(), "records read back from " + topic);
        received.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        for (int i = 0; i < count; i++) {
            ConsumerRecord<String, String> record = received.get(i);
            assertEquals("event-" + i, record.key(), "key of record " + i);
            assertEquals("line " + i, record.value(), "value of " + record.key());
            assertEquals(firstTimestamp + i * 1000L, record.timestamp(), "timestamp of " + record.key());
        }
        assertEquals(partitions, received.stream().mapToInt(ConsumerRecord::partition).distinct().count(),
                "records spread over all partitions by key");
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsOnlyAsExactlyOnceSinksNeed() throws Exception {
        String topic = "transactions";
        kafka.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-test",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "aborted", "never visible"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "committed", "visible"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> received = consumeAll(topic, 1, "read_committed");
        assertEquals(List.of("committed"), received.stream().map(ConsumerRecord::key).toList(),
                "a read_committed consumer sees the committed record and not the aborted one");
    }

    @Test
    void creatingATopicTwiceNamesTheTopic() {
        kafka.createTopic("twice", 1);
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> kafka.createTopic("twice", 1));
        assertTrue(error.getMessage().contains("'twice'"), error.getMessage());
    }

    @Test
    void closingDeletesTheLogDirectories() throws Exception {
        Path directory;
        try (EmbeddedKafka second = EmbeddedKafka.start()) {
            directory = second.directory();
            assertTrue(Files.isDirectory(directory), "log directory exists while running");
        }
        assertFalse(Files.exists(directory), directory + " left behind after close");
    }

    /** Reads until {@code expected} records have come, then half a second more to catch any surplus. */
    private static List<ConsumerRecord<String, String>> consumeAll(String topic, int expected, String isolationLevel) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(received::add);
        }
        return received;
    }
}
