package dev.autoloss.jobs.drill;

import static dev.autoloss.jobs.train.TrainerSettingOptions.flag;

import dev.autoloss.jobs.cluster.LocalCluster;
import dev.autoloss.model.train.TrainerSettings;
import java.util.List;

/**
 * The drills, each named once, with the fault it strikes and the job it strikes it on: the train job on the local
 * cluster, or a local train process on the cluster's Kafka and Redis.
 */
public final class Drills {

    /** The train flags of a drill's job: a small model and short intervals, so that a drill takes a minute on two cores. */
    public static List<String> jobFlags(int trainers) {
        return List.of(flag(TrainerSettings.TABLE_ROWS), "65536", flag(TrainerSettings.BATCH_SIZE), "256", "--validation-buffer", "1024",
                "--checkpoint-interval", "1s", "--status-interval", "1s", "--parallelism", "1", "--trainers", Integer.toString(trainers));
    }

    /** {@code kill -9} of a local {@code autoloss train} process, then the same command again. */
    public static final Fault<ProcessTrainJob> PROCESS_KILL = job -> {
        job.kill();
        job.start();
    };

    @FunctionalInterface
    private interface Run {
        DrillResult run(String name, DrillRunner runner, LocalCluster cluster) throws Exception;
    }

    private record Drill(String name, Run run) {}

    private static final List<Drill> ALL = List.of(
            // kill -9 of the TaskManager that runs the job, a new one started in its place: Flink restarts the job from its last checkpoint
            onCluster("taskmanager-kill", job -> {
                LocalCluster cluster = job.cluster();
                cluster.kill(cluster.taskManagers().get(0));
                cluster.startTaskManager();
            }),
            // kill -9 of the JobManager, which (without high availability) takes the job with it; the JobManager started again,
            // and the job submitted again with the same command, as an operator would: it goes on from its newest checkpoint
            onCluster("jobmanager-kill", job -> {
                LocalCluster cluster = job.cluster();
                cluster.kill(cluster.jobManager());
                cluster.startJobManager();
                cluster.awaitTaskManagers(cluster.taskManagers().size(), LocalCluster.START_PATIENCE);
                job.start();
            }),
            // the broker stopped and started again on its data; the job's clients reconnect
            onCluster("kafka-restart", job -> job.cluster().restartKafka()),
            // Redis stopped and started again empty (no persistence): the served model is gone until the trainer publishes it again
            onCluster("redis-restart", job -> job.cluster().restartRedis()),
            new Drill("process-kill", (name, runner, cluster) ->
                    runner.run(name, PROCESS_KILL, flags -> new ProcessTrainJob(flags, cluster.dir().resolve("drills/logs")))));

    /** The drills' names, in the order {@code autoloss drill} runs them. */
    public static final List<String> NAMES = ALL.stream().map(Drill::name).toList();

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
        Drill drill = ALL.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no drill '" + name + "'"));
        try {
            return drill.run().run(name, runner, cluster);
        } catch (Exception e) {
            return DrillResult.failed(name, e.getMessage());
        }
    }

    private static Drill onCluster(String name, Fault<ClusterTrainJob> fault) {
        return new Drill(name, (drill, runner, cluster) -> runner.run(drill, fault, flags -> new ClusterTrainJob(flags, cluster)));
    }
}
