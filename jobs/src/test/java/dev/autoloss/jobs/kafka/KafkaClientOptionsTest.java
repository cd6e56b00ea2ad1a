package dev.autoloss.jobs.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Kafka client properties passed through from flags and a file, and what a bad one says (never a value). */
class KafkaClientOptionsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\" password=\"k4fka-s3cret\";";

    @TempDir
    Path dir;

    @Test
    void theFileIsReadAndAFlagOverridesItsKey() throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=" + JAAS.replace("\"", "\\\"") + "\n");
        Map<String, String> props = parse("--kafka-properties", file.toString(), "--kafka-property", "sasl.mechanism=SCRAM-SHA-512",
                "--kafka-property", "ssl.truststore.location=/etc/kafka/ca.p12").properties();
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/etc/kafka/ca.p12"), props);
    }

    @Test
    void everyClientGetsThePropertiesOverItsOwnDefaultsAndTheBootstrapServersOfItsFlag() {
        KafkaCluster kafka = parse("--kafka-property", "security.protocol=SASL_PLAINTEXT", "--kafka-property", "acks=1",
                "--kafka-property", "sasl.jaas.config=" + JAAS).cluster("broker:9093");
        Properties producer = EventProducers.settings(kafka);
        assertEquals("SASL_PLAINTEXT", producer.get("security.protocol"));
        assertEquals(JAAS, producer.get("sasl.jaas.config"));
        assertEquals("1", producer.get("acks"), "a passed-through setting overrides the producer's default");
        assertEquals("5", producer.get("linger.ms"), "the producer's other defaults stay");
        assertEquals("broker:9093", producer.get("bootstrap.servers"));
        assertEquals("SASL_PLAINTEXT", kafka.clientProperties().get("security.protocol"), "admin clients (topics, lag) too");
        assertEquals("broker:9093", kafka.toString(), "the cluster shows its bootstrap servers only");
    }

    @Test
    void aKeyWithAFlagOfItsOwnIsRefusedNamingTheFlag() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> parse("--kafka-property", "bootstrap.servers=elsewhere:9092").properties());
        assertEquals("Kafka property bootstrap.servers cannot be passed through: use --bootstrap", error.getMessage());
    }

    @Test
    void aBadArgumentOrFileIsOneLineThatShowsNoValue() {
        String error = assertThrows(IllegalArgumentException.class,
                () -> parse("--kafka-property", "security.protocol=SSL", "--kafka-property", "k4fka-s3cret").properties()).getMessage();
        assertTrue(error.startsWith("--kafka-property expects KEY=VALUE, but its argument number 2 has no 'KEY='"), error);
        assertFalse(error.contains("s3cret"), error);

        Path missing = dir.resolve("absent.properties");
        assertEquals("--kafka-properties " + missing + ": no such file",
                assertThrows(IllegalArgumentException.class, () -> parse("--kafka-properties", missing.toString()).properties()).getMessage());
    }

    private static KafkaClientOptions parse(String... args) {
        KafkaClientOptions options = new KafkaClientOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
