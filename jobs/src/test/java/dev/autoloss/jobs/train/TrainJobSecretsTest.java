package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.autoloss.jobs.testing.ClientSettings;
import dev.autoloss.jobs.testing.SharedKafka;
import io.lettuce.core.RedisCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis password of the train job is read from its file on the client and travels to the TaskManagers
 * inside the serialized job, but shows nowhere Flink shows a job: its name, plan, configuration. Kafka
 * client properties reach the job's source and sink.
 */
class TrainJobSecretsTest {

    private static final String SECRET = "tr41n-s3cret";

    @TempDir
    Path dir;

    @Test
    void aPasswordReadFromAFileOnTheClientTravelsInsideTheJobButNotInItsPlanOrConfiguration() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("redis-password"), SECRET + "\n");
        TrainOptions options = TrainOptions.parse("--bootstrap", SharedKafka.get().bootstrapServers(), "--topic", "secrets-" + UUID.randomUUID(),
                "--redis", "redis://publisher@127.0.0.1:6390", "--redis-password-file", passwordFile.toString(), "--table-rows", "4096",
                "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(), "--fresh"); // no Redis answers there: nothing to check
        Files.delete(passwordFile); // a TaskManager has no such file

        TrainOptions shipped = InstantiationUtil.clone(options);
        RedisCredentials credentials = shipped.redis.address().redisUri().getCredentialsProvider().resolveCredentials().block();
        assertEquals("publisher", credentials.getUsername());
        assertEquals(SECRET, new String(credentials.getPassword()), "the TaskManager logs in with the password read on the client");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainJob.build(env, options);
        StreamGraph graph = env.getStreamGraph();
        JobGraph job = graph.getJobGraph();
        String shown = String.join("\n", TrainJob.jobName(options), graph.getStreamingPlanAsJSON(), env.getConfiguration().toString(),
                env.getConfig().toString(), env.getConfig().getGlobalJobParameters().toMap().toString(), job.getJobConfiguration().toString(),
                TrainJob.flinkConfiguration(options).toString());
        assertFalse(shown.contains(SECRET), "the password shows where Flink shows the job:\n" + shown);
    }

    @Test
    void passedThroughKafkaPropertiesReachTheSourceAndTheDeadLetterSink() {
        TrainOptions options = TrainOptions.parse("--bootstrap", "broker:9093", "--kafka-property", "security.protocol=SASL_SSL",
                "--kafka-property", "transaction.timeout.ms=300000", "--table-rows", "4096");
        Properties source = ClientSettings.of(TrainJob.source(options, null));
        assertEquals("SASL_SSL", source.get("security.protocol"));
        assertEquals("broker:9093", source.get("bootstrap.servers"));
        assertEquals(options.groupId, source.get("group.id"));
        Properties sink = ClientSettings.of(TrainJob.deadLetterSink(options));
        assertEquals("SASL_SSL", sink.get("security.protocol"));
        assertEquals("300000", sink.get("transaction.timeout.ms"), "a passed-through setting overrides the sink's own");
        assertEquals("broker:9093", sink.get("bootstrap.servers"));
    }
}
