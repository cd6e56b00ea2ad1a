package dev.autoloss.jobs.kafka;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Kafka client properties passed through to every consumer, producer and admin client a command or job
 * opens, e.g. for a SASL_SSL cluster: a mixin, so that each flag is declared once. Flags come before the
 * file. Read where the command runs (the file too) and carried with the job; values are never printed,
 * since they may hold passwords ({@code sasl.jaas.config}, {@code ssl.truststore.password}).
 */
public final class KafkaClientOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Keys the project sets itself: a flag of its own or the job's correctness depends on them. */
    static final Map<String, String> RESERVED = Map.of(
            "bootstrap.servers", "use --bootstrap",
            "group.id", "use --group-id",
            "key.serializer", "the project serializes records itself",
            "value.serializer", "the project serializes records itself",
            "key.deserializer", "the project deserializes records itself",
            "value.deserializer", "the project deserializes records itself",
            "transactional.id", "the dead-letter sink names its transactions itself");

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "a Kafka client setting for every consumer, producer and admin client, e.g. security.protocol=SASL_SSL;"
                    + " repeatable; over --kafka-properties (a secret here shows in process listings: put it in the file)")
    List<String> properties = new ArrayList<>();

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "Kafka client settings in a Java properties file, for every client (e.g. sasl.jaas.config with its password)")
    File file;

    private HashMap<String, String> resolved; // read where the command runs, then carried with the job

    /** The cluster at {@code bootstrap} as these options' clients reach it. */
    public KafkaCluster cluster(String bootstrap) {
        return new KafkaCluster(bootstrap, properties());
    }

    /** The passed-through properties, the file's first and the flags' over them; errors name the flag and key, never a value. */
    public Map<String, String> properties() {
        if (resolved == null) {
            HashMap<String, String> all = new HashMap<>();
            if (file != null) {
                Properties fromFile = read(file);
                fromFile.stringPropertyNames().forEach(key -> all.put(key, fromFile.getProperty(key)));
            }
            for (int i = 0; i < properties.size(); i++) {
                String setting = properties.get(i);
                int equals = setting.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("--kafka-property expects KEY=VALUE, but its argument number " + (i + 1)
                            + " has no 'KEY=' (not shown: it may hold a secret)");
                }
                all.put(setting.substring(0, equals).strip(), setting.substring(equals + 1));
            }
            for (String key : all.keySet()) {
                if (RESERVED.containsKey(key)) {
                    throw new IllegalArgumentException("Kafka property " + key + " cannot be passed through: " + RESERVED.get(key));
                }
            }
            resolved = all;
        }
        return resolved;
    }

    private static Properties read(File file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--kafka-properties " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("--kafka-properties " + file + ": permission denied", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--kafka-properties " + file + ": cannot read it as a properties file ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        return props;
    }
}
