package dev.autoloss.jobs.embedded;

import dev.autoloss.jobs.kafka.KafkaCluster;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
    private final String saslBootstrapServers;
    private final KafkaRaftServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    // an interrupted demo (Ctrl-C) still stops the broker and leaves no log directories behind
    private final Thread shutdownHook = new Thread(this::stop, "stop embedded Kafka");

    private EmbeddedKafka(Path directory, String bootstrapServers, String saslBootstrapServers, KafkaRaftServer server) {
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.saslBootstrapServers = saslBootstrapServers;
        this.server = server;
    }

    /** A user and password that a SASL/PLAIN listener lets in. */
    private record PlainLogin(String user, String password) {}

    /** Formats fresh storage and starts the broker; returns once it accepts clients. */
    public static EmbeddedKafka start() {
        return start(null);
    }

    /**
     * As {@link #start()}, with a second listener, {@link #saslBootstrapServers()}, that lets in only {@code user}
     * with {@code password} (SASL_PLAINTEXT, mechanism PLAIN): for tests of client security settings.
     */
    public static EmbeddedKafka startWithSaslListener(String user, String password) {
        return start(new PlainLogin(user, password));
    }

    private static EmbeddedKafka start(PlainLogin login) {
        long started = System.nanoTime();
        Path directory = TempDirectories.create("autoloss-kafka-");
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < (login == null ? 2 : 3)) {
            ports.add(FreePort.find()); // the OS may hand out a just-released port again
        }
        List<Integer> free = List.copyOf(ports); // broker, controller, SASL
        List<String> listeners = free.stream().map(port -> "127.0.0.1:" + port).toList();
        EmbeddedKafka kafka;
        try {
            Properties settings = KafkaNode.settings(directory.resolve("logs"), free.get(0), free.get(1));
            if (login != null) {
                addSaslListener(settings, listeners.get(2), login);
            }
            KafkaConfig config = KafkaConfig.fromProps(settings, false);
            KafkaNode.formatStorage(config);
            kafka = new EmbeddedKafka(directory, listeners.get(0), login == null ? null : listeners.get(2), new KafkaRaftServer(config, Time.SYSTEM));
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

    /** {@code host:port} of the listener that requires a SASL/PLAIN login ({@link #startWithSaslListener}). */
    public String saslBootstrapServers() {
        if (saslBootstrapServers == null) {
            throw new IllegalStateException("this broker was started without a SASL listener");
        }
        return saslBootstrapServers;
    }

    /** The broker as the project's clients reach it: no further client settings. */
    public KafkaCluster cluster() {
        return KafkaCluster.at(bootstrapServers);
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

    /** A further listener at {@code hostPort} that lets in only {@code login}'s user (SASL_PLAINTEXT, PLAIN). */
    private static void addSaslListener(Properties p, String hostPort, PlainLogin login) {
        String sasl = "SASL_PLAINTEXT://" + hostPort;
        p.put("listeners", p.getProperty("listeners") + "," + sasl);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + sasl);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
        p.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + login.user() + "=\"" + login.password() + "\";");
    }
}
