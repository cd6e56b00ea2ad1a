package dev.autoloss.jobs.drill;

import dev.autoloss.jobs.cluster.LocalCluster;
import java.util.List;

/** The drills by name, each with the job it strikes: the cluster's train job, or a local train process on the cluster's Kafka and Redis. */
public final class Drills {

    public static final List<String> NAMES = List.of("taskmanager-kill", "jobmanager-kill", "kafka-restart", "redis-restart", "process-kill");

    private Drills() {}

    public static void requireKnown(List<String> names) {
        for (String name : names) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("--drills: no drill '" + name + "' (drills: " + String.join(", ", NAMES) + ")");
            }
        }
    }

    /** Runs drill {@code name}; a drill that cannot finish (a stage waited past its patience) is a failed result that says why. */
    public static DrillResult run(String name, DrillRunner runner, LocalCluster cluster) {
        try {
            return switch (name) {
                case "taskmanager-kill" -> runner.run(new TaskManagerKill(), flags -> new ClusterTrainJob(flags, cluster));
                case "jobmanager-kill" -> runner.run(new JobManagerKill(), flags -> new ClusterTrainJob(flags, cluster));
                case "kafka-restart" -> runner.run(new KafkaRestart(), flags -> new ClusterTrainJob(flags, cluster));
                case "redis-restart" -> runner.run(new RedisRestart(), flags -> new ClusterTrainJob(flags, cluster));
                case "process-kill" -> runner.run(new ProcessKill(), flags -> new ProcessTrainJob(flags, cluster.dir().resolve("drills/logs")));
                default -> throw new IllegalArgumentException("no drill '" + name + "'");
            };
        } catch (Exception e) {
            return DrillResult.failed(name, e.getMessage());
        }
    }
}
