package dev.autoloss.jobs.drill;

import dev.autoloss.jobs.cluster.LocalCluster;
import dev.autoloss.jobs.embedded.LocalFlink;
import dev.autoloss.jobs.train.TrainJob;
import dev.autoloss.jobs.train.TrainOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The train job submitted to the local cluster, as {@code autoloss train --cluster HOST:PORT --detached FLAGS} submits
 * it; {@link #start} again is that command again (the job goes on from its newest checkpoint).
 */
public final class ClusterTrainJob implements DrilledJob {

    private final List<String> flags;
    private final LocalCluster cluster;
    private JobClient job;

    public ClusterTrainJob(List<String> flags, LocalCluster cluster) {
        this.flags = List.copyOf(flags);
        this.cluster = cluster;
    }

    LocalCluster cluster() {
        return cluster;
    }

    @Override
    public void start() throws Exception {
        TrainOptions options = TrainOptions.parse(flags.toArray(String[]::new));
        StreamExecutionEnvironment env = LocalFlink.onThisMachine(cluster.restAddress(), Math.max(1, options.parallelism));
        TrainJob.build(env, options);
        job = env.executeAsync(TrainJob.jobName(options));
    }

    @Override
    public void close() throws Exception {
        if (job != null) {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }
}
