package dev.autoloss.jobs.cluster;

import dev.autoloss.jobs.embedded.FreePort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ports of 127.0.0.1 a local cluster listens on. The defaults sit beside the usual ones (Flink 8081/6123,
 * Kafka 9092/9093, Redis 6379) so that a cluster runs next to a developer's own servers.
 */
public record ClusterPorts(int rest, int rpc, int kafka, int kafkaController, int redis) {

    public static final int DEFAULT_REST = 18081;
    public static final int DEFAULT_RPC = 16123;
    public static final int DEFAULT_KAFKA = 19092;
    public static final int DEFAULT_KAFKA_CONTROLLER = 19093;
    public static final int DEFAULT_REDIS = 16379;
    public static final ClusterPorts DEFAULTS =
            new ClusterPorts(DEFAULT_REST, DEFAULT_RPC, DEFAULT_KAFKA, DEFAULT_KAFKA_CONTROLLER, DEFAULT_REDIS);

    /** Ports nothing listens on right now, all different (tests, and clusters side by side). */
    public static ClusterPorts free() {
        Set<Integer> taken = new HashSet<>();
        int[] ports = new int[5];
        for (int i = 0; i < ports.length; i++) {
            int port;
            do {
                port = FreePort.find(); // the OS may hand out a just-released port again
            } while (!taken.add(port));
            ports[i] = port;
        }
        return new ClusterPorts(ports[0], ports[1], ports[2], ports[3], ports[4]);
    }

    /** Each port by what listens on it, for messages. */
    public Map<String, Integer> byUse() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Flink REST", rest);
        ports.put("Flink JobManager RPC", rpc);
        ports.put("Kafka", kafka);
        ports.put("Kafka controller", kafkaController);
        ports.put("Redis", redis);
        return ports;
    }

    /** Throws, naming the first port that is taken or given twice: a process that cannot bind would only fail later, in its log. */
    public void requireFree() {
        Set<Integer> seen = new HashSet<>();
        byUse().forEach((use, port) -> {
            if (!seen.add(port)) {
                throw new IllegalArgumentException("port " + port + " is given twice (" + use + " and another)");
            }
            if (!bindable(port)) {
                throw new IllegalStateException("port " + port + " (" + use + ") of 127.0.0.1 is in use: pick another,"
                        + " or let 'cluster up --free-ports' choose");
            }
        });
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
