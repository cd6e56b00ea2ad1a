package dev.autoloss.jobs.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka 4.2 broker in this JVM: one KRaft node that is both broker and controller ({@link KafkaNode}), listening on
 * free ports of 127.0.0.1, its logs in a temporary directory that {@link #close()} deletes. For the demo
 * and for tests; a real deployment points the jobs at its own bootstrap servers instead.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path directory;
    private final String bootstrapServers;
    private final KafkaRaftServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    // an interrupted demo (Ctrl-C) still stops the broker and leaves no log directories behind
    private final Thread shutdownHook = new Thread(this::stop, "stop embedded Kafka");

    private EmbeddedKafka(Path directory, String bootstrapServers, KafkaRaftServer server) {
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.server = server;
    }

    /** Formats fresh storage and starts the broker; returns once it accepts clients. */
    public static EmbeddedKafka start() {
        long started = System.nanoTime();
        Path directory = TempDirectories.create("autoloss-kafka-");
        int brokerPort = FreePort.find();
        int controllerPort;
        do {
            controllerPort = FreePort.find(); // the OS may hand out a just-released port again
        } while (controllerPort == brokerPort);
        EmbeddedKafka kafka;
        try {
            KafkaConfig config = KafkaConfig.fromProps(KafkaNode.settings(directory.resolve("logs"), brokerPort, controllerPort), false);
            KafkaNode.formatStorage(config);
            kafka = new EmbeddedKafka(directory, "127.0.0.1:" + brokerPort, new KafkaRaftServer(config, Time.SYSTEM));
        } catch (RuntimeException e) {
            TempDirectories.deleteQuietly(directory);
            throw new IllegalStateException("embedded Kafka broker could not be configured: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
        try {
            // returns after the broker has caught up with the metadata log and been unfenced: ready for clients
            kafka.server.startup();
        } catch (RuntimeException e) {
            kafka.close();
            throw new IllegalStateException("embedded Kafka broker failed to start: " + e.getMessage(), e);
        }
        LOG.info("embedded Kafka broker on {} started in {} ms", kafka.bootstrapServers, (System.nanoTime() - started) / 1_000_000);
        return kafka;
    }

    /** {@code host:port} for the {@code bootstrap.servers} setting of clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The temporary directory holding the broker's logs and metadata; deleted on close. */
    public Path directory() {
        return directory;
    }

    /** Creates a topic with replication factor 1 and waits until the controller has committed it. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topic '" + name + "' with " + partitions
                    + " partitions on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic '" + name + "'", e);
        }
    }

    /** Stops the broker and deletes its log directories. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is stopping the broker
        }
        stop();
    }

    private void stop() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            TempDirectories.deleteQuietly(directory);
        }
    }
}
