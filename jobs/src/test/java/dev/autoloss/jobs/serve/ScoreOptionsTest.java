package dev.autoloss.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autoloss.jobs.testing.ClientSettings;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ScoreOptionsTest {

    @Test
    void passedThroughKafkaPropertiesReachTheRequestSource() {
        ScoreOptions options = ScoreOptions.parse("--bootstrap", "broker:9093", "--kafka-property", "security.protocol=SASL_SSL",
                "--kafka-property", "sasl.mechanism=SCRAM-SHA-256");
        Properties source = ClientSettings.of(ScoreJob.source(options));
        assertEquals("SASL_SSL", source.get("security.protocol"));
        assertEquals("SCRAM-SHA-256", source.get("sasl.mechanism"));
        assertEquals("broker:9093", source.get("bootstrap.servers"));
        assertEquals(options.groupId, source.get("group.id"));
    }
}
