package dev.autoloss.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder of a local cluster: its state file, the generated configuration, each process's data and logs.
 * A new cluster clears only the entries named here, so a folder given by mistake loses nothing else.
 */
public record ClusterFolder(Path root) {

    public ClusterFolder {
        root = root.toAbsolutePath().normalize();
    }

    /** The processes of the cluster and how to start more (JSON), see {@link ClusterState}. */
    public Path stateFile() {
        return root.resolve("cluster.json");
    }

    /** Flink's configuration folder ({@code --configDir}): config.yaml and the log configuration of every process. */
    public Path conf() {
        return root.resolve("conf");
    }

    public Path logConfig() {
        return conf().resolve("log4j2.properties");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** What a process logs through log4j. */
    public Path log(String process) {
        return logs().resolve(process + ".log");
    }

    /** What a process writes to stdout and stderr (the JVM's own messages, a crash). */
    public Path out(String process) {
        return logs().resolve(process + ".out");
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path kafkaProperties() {
        return kafka().resolve("server.properties");
    }

    public Path kafkaData() {
        return kafka().resolve("data");
    }

    public Path redis() {
        return root.resolve("redis");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path savepoints() {
        return root.resolve("savepoints");
    }

    /** Flink's io.tmp.dirs: spill files and the TaskManagers' copies of job jars. */
    public Path tmp() {
        return root.resolve("tmp");
    }

    /** Deletes what an earlier cluster left here and creates the folders a new one writes to. */
    void prepareFresh() {
        List<Path> owned = List.of(stateFile(), conf(), logs(), kafka(), redis(), checkpoints(), savepoints(), tmp());
        owned.forEach(ClusterFolder::delete);
        try {
            for (Path dir : List.of(conf(), logs(), kafkaData(), redis(), checkpoints(), savepoints(), tmp())) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster folder " + root + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path + " of an earlier cluster: " + e.getMessage(), e);
        }
    }
}
