package dev.autoloss.jobs.kafka;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * A Kafka cluster as its clients reach it: the bootstrap servers and the client properties the user passed
 * through ({@link KafkaClientOptions}: security such as {@code security.protocol=SASL_SSL} and
 * {@code sasl.jaas.config}, trust stores, tuning). Every consumer, producer and admin client of the project
 * takes its settings from {@link #clientProperties(Map)}. Serializable: a job carries it, secrets included,
 * to the TaskManagers; {@link #toString()} shows the bootstrap servers only.
 */
public final class KafkaCluster implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String bootstrap;
    private final HashMap<String, String> passedThrough;

    public KafkaCluster(String bootstrap, Map<String, String> passedThrough) {
        this.bootstrap = bootstrap;
        this.passedThrough = new HashMap<>(passedThrough);
    }

    /** A cluster that clients reach with no further settings (the embedded broker, tests). */
    public static KafkaCluster at(String bootstrap) {
        return new KafkaCluster(bootstrap, Map.of());
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** A client's settings: its own {@code defaults}, the user's properties over them, and the bootstrap servers. */
    public Properties clientProperties(Map<String, ?> defaults) {
        Properties props = new Properties();
        props.putAll(defaults);
        props.putAll(passedThrough);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    /** As {@link #clientProperties(Map)} for a client without defaults of its own. */
    public Properties clientProperties() {
        return clientProperties(Map.of());
    }

    /** The bootstrap servers; never the properties, which may hold passwords. */
    @Override
    public String toString() {
        return bootstrap;
    }
}
