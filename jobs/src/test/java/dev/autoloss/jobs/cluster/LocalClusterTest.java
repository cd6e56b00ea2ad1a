package dev.autoloss.jobs.cluster;

import dev.autoloss.jobs.kafka.KafkaCluster;
import dev.autoloss.jobs.snapshot.RedisAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autoloss.jobs.cluster.FlinkRest.Overview;
import dev.autoloss.jobs.embedded.LocalRedis;
import dev.autoloss.jobs.embedded.RedisPing;
import dev.autoloss.jobs.kafka.Topics;
import dev.autoloss.jobs.testing.TopicRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real local deployment in separate OS processes (JobManager, TaskManager, Kafka broker, Redis), started from
 * this JVM's class path on free ports. The processes run the code under test from its class folders, so this
 * needs no packaged jar.
 */
class LocalClusterTest {

    @TempDir
    Path dir;

    @Test
    void flinkProcessesRunFlinkAndTensorFlowButNotTheJobsOwnLibraries() {
        List<String> jars = ClusterClassPath.ofThisBuild().flink().stream().map(p -> p.getFileName().toString()).toList();
        for (String expected : List.of("flink-runtime-", "flink-rpc-akka-loader-", "log4j-core-", "tensorflow-core-api-", "tensorflow-core-native-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(expected)), expected + "*.jar on the TaskManagers' class path " + jars);
        }
        // the job brings these (child-first); on the cluster's class path too, the connector and kafka-clients end up in two loaders
        for (String unexpected : List.of("kafka-clients-", "flink-connector-kafka-", "lettuce-core-", "autoloss-")) {
            assertTrue(jars.stream().noneMatch(j -> j.startsWith(unexpected)), unexpected + "*.jar is on the TaskManagers' class path " + jars);
        }
        assertTrue(jars.get(0).startsWith("slf4j-api-"), "slf4j-api first: " + jars);
    }

    @Test
    void clusterComesUpSurvivesATaskManagerKillAndLeavesNoProcessWhenDown() throws Exception {
        assumeTrue(LocalRedis.canStartPrivate(), "skipped: no redis-server on the PATH (apt-get install redis-server)");
        Map<String, String> shared = FlinkConfig.sharedSettings();
        int slots = Integer.parseInt(shared.get("taskmanager.numberOfTaskSlots"));
        List<ClusterProcess> started;
        try (LocalCluster cluster = LocalCluster.up(ClusterSpec.of(dir, ClusterPorts.free()))) {
            Overview overview = cluster.rest().overview().orElseThrow();
            assertEquals(1, overview.taskManagers(), "TaskManagers registered at " + cluster.webUi());
            assertEquals(slots, overview.slotsTotal(), "slots of the one TaskManager, as the resource cluster/flink-config.yaml sets them");
            Map<String, String> running = cluster.rest().jobManagerConfig();
            shared.forEach((key, value) -> assertEquals(value, running.get(key), "the JobManager's " + key + " (from the resource)"));

            started = cluster.processes();
            assertEquals(List.of("redis", "kafka", "jobmanager", "taskmanager-1"), started.stream().map(ClusterProcess::name).toList());
            started.forEach(p -> assertNotEquals(ProcessHandle.current().pid(), p.pid(), p.name() + " runs in a process of its own"));

            String topic = "cluster-test";
            Topics.ensure(KafkaCluster.at(cluster.bootstrap()), topic, 1, Map.of());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            }
            List<ConsumerRecord<String, String>> records = TopicRecords.read(cluster.bootstrap(), topic, 1, Duration.ofSeconds(30));
            assertEquals(List.of("k=v"), records.stream().map(r -> r.key() + "=" + r.value()).toList(), "the record read back from " + topic);
            assertTrue(RedisPing.answers(RedisAddress.of(cluster.redisUri())), "Redis answers PING at " + cluster.redisUri());

            ClusterProcess first = cluster.taskManagers().get(0);
            cluster.kill(first);
            assertFalse(first.alive(), "taskmanager-1 (pid " + first.pid() + ") is gone after kill -9");
            ClusterProcess second = cluster.startTaskManager();
            assertEquals("taskmanager-2", second.name());
            assertTrue(cluster.rest().taskManagerIds().contains("taskmanager-2"), "the new TaskManager is registered");

            // what `autoloss cluster down` does from another JVM: the state file leads it to the same processes
            LocalCluster found = LocalCluster.find(dir).orElseThrow(() -> new AssertionError("no cluster found from " + dir));
            started = found.processes();
            assertEquals(List.of("redis", "kafka", "jobmanager", "taskmanager-2"), started.stream().map(ClusterProcess::name).toList());
            found.down();
        }
        started.forEach(p -> assertFalse(p.alive(), p.name() + " (pid " + p.pid() + ") still runs after down"));
        assertTrue(LocalCluster.find(dir).isEmpty(), "a cluster is still found in " + dir + " after down");
    }
}
