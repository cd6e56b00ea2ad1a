package dev.autoloss.jobs.cluster;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link LocalCluster#up} starts.
 *
 * @param slots     task slots per TaskManager; empty: the resource cluster/flink-config.yaml's
 * @param classPath the JVMs' class paths: Flink's lib with TensorFlow (parent-first, as on a production cluster), the broker's
 */
public record ClusterSpec(Path dir, int taskManagers, Optional<Integer> slots, ClusterPorts ports, ClusterClassPath classPath) {

    public ClusterSpec {
        if (taskManagers < 1) {
            throw new IllegalArgumentException("a cluster needs at least 1 TaskManager, got " + taskManagers);
        }
        if (slots.isPresent() && slots.get() < 1) {
            throw new IllegalArgumentException("a TaskManager needs at least 1 slot, got " + slots.get());
        }
    }

    /** One TaskManager with the resource's slots, from this build's Flink lib. */
    public static ClusterSpec of(Path dir, ClusterPorts ports) {
        return new ClusterSpec(dir, 1, Optional.empty(), ports, ClusterClassPath.ofThisBuild());
    }

    public ClusterSpec withTaskManagers(int n) {
        return new ClusterSpec(dir, n, slots, ports, classPath);
    }

    public ClusterSpec withSlots(int n) {
        return new ClusterSpec(dir, taskManagers, Optional.of(n), ports, classPath);
    }
}
