package dev.autoloss.jobs.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka 4.2 cluster on 127.0.0.1: one KRaft node that is both broker and controller. Its
 * settings are declared once here, for the broker inside this JVM ({@link EmbeddedKafka}) and the broker
 * process of {@code autoloss cluster}.
 */
public final class KafkaNode {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KafkaNode() {}

    /** The node's settings: clients on {@code brokerPort}, the controller quorum on {@code controllerPort}, data in {@code logDirectory}. */
    public static Properties settings(Path logDirectory, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDirectory.toString());
        // one node: every internal topic (consumer offsets, transactions used by exactly-once sinks,
        // share-group state) has a single replica, and one partition starts faster than the default 50
        for (String internal : List.of("offsets.topic", "transaction.state.log", "share.coordinator.state.topic")) {
            p.put(internal + ".replication.factor", "1");
            p.put(internal + ".num.partitions", "1");
        }
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        // a local broker: consumer groups need not wait for more members to join, and two cores are plenty
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        return p;
    }

    /** Formats fresh storage for a new cluster id in the node's log directories (what {@code kafka-storage.sh format} does). */
    public static void formatStorage(KafkaConfig config) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setDirectories(config.logDirs())
                    .setMetadataLogDirectory(Optional.of(config.metadataLogDir()))
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka storage in " + config.logDirs() + ": " + e.getMessage(), e);
        }
    }
}
