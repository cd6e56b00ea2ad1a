package dev.autoloss.jobs.drill;

import dev.autoloss.jobs.cluster.LocalCluster;

/** {@code kill -9} of the TaskManager that runs the job, and a new TaskManager started in its place; Flink restarts the job from its last checkpoint. */
public final class TaskManagerKill implements Fault<ClusterTrainJob> {

    @Override
    public String name() {
        return "taskmanager-kill";
    }

    @Override
    public void strikeAndRecover(ClusterTrainJob job) {
        LocalCluster cluster = job.cluster();
        cluster.kill(cluster.taskManagers().get(0));
        cluster.startTaskManager();
    }
}
