package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.testing.TopicRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay against a real broker listener that requires a SASL/PLAIN login, with the login passed through to its Kafka clients. */
class KafkaSecurityTest {

    private static final String USER = "replayer";
    private static final String PASSWORD = "k4fka-s3cret";

    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.startWithSaslListener(USER, PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void replayLogsInWithThePropertiesFileAndCreatesAndWritesItsTopic() throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=" + jaas(PASSWORD) + "\n");
        String topic = "sasl-" + UUID.randomUUID();
        CliRun run = CliRun.of("replay", "--generate", "50", "--topic", topic, "--bootstrap", kafka.saslBootstrapServers(),
                "--kafka-properties", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(50, TopicRecords.read(kafka.bootstrapServers(), topic, 50, Duration.ofSeconds(30)).size(),
                "the records replayed through the SASL listener");
        assertFalse(run.out().contains(PASSWORD) || run.err().contains(PASSWORD), run.out() + run.err());
    }

    @Test
    void aRefusedLoginFailsInOneLineWithoutThePassword() {
        String wrong = "wr0ng-" + PASSWORD;
        CliRun run = CliRun.of("replay", "--generate", "5", "--topic", "sasl-" + UUID.randomUUID(), "--bootstrap", kafka.saslBootstrapServers(),
                "--kafka-property", "security.protocol=SASL_PLAINTEXT", "--kafka-property", "sasl.mechanism=PLAIN",
                "--kafka-property", "sasl.jaas.config=" + jaas(wrong));
        assertEquals(OneLineErrors.FAILED, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("autoloss: cannot create Kafka topic") && run.err().contains("Authentication failed"), run.err());
        assertFalse(run.err().contains(wrong), run.err());
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER + "\" password=\"" + password + "\";";
    }
}
