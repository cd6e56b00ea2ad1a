package dev.autoloss.jobs.drill;

import dev.autoloss.jobs.cluster.LocalCluster;

/**
 * {@code kill -9} of the JobManager, which (without high availability) takes the job with it; the JobManager started
 * again, and the job submitted again with the same command, as an operator would: it goes on from its newest checkpoint.
 */
public final class JobManagerKill implements Fault<ClusterTrainJob> {

    @Override
    public String name() {
        return "jobmanager-kill";
    }

    @Override
    public void strikeAndRecover(ClusterTrainJob job) throws Exception {
        LocalCluster cluster = job.cluster();
        cluster.kill(cluster.jobManager());
        cluster.startJobManager();
        cluster.awaitTaskManagers(cluster.taskManagers().size(), LocalCluster.START_PATIENCE);
        job.start();
    }
}
