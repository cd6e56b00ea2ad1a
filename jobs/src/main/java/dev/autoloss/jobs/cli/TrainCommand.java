package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.embedded.LocalFlink;
import dev.autoloss.jobs.train.TrainJob;
import dev.autoloss.jobs.train.TrainOptions;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoloss train}: the streaming training job, on a local Flink MiniCluster unless {@code --cluster} names one. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a recommender online from a Kafka topic of event lines and publishes versioned snapshots to Redis.",
                "Runs on a local Flink MiniCluster, or on a cluster with --cluster (prints the job id and web UI address, then waits",
                "for the job's end unless --detached); the same flags work with 'flink run -c dev.autoloss.jobs.train.TrainJob autoloss.jar'."})
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    TrainOptions options;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "submit to this Flink cluster's JobManager (REST port) instead of a local MiniCluster")
    String cluster;

    @Mixin
    ClusterSubmission submission;

    @Option(names = "--web-ui", paramLabel = "PORT", description = "serve the local MiniCluster's Flink dashboard on 127.0.0.1:PORT")
    Integer webUi;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.validated();
        submission.requireCluster(cluster);
        int parallelism = options.parallelism > 0 ? options.parallelism : Runtime.getRuntime().availableProcessors();
        // a slot for each trainer, which runs beside the others
        StreamExecutionEnvironment env = LocalFlink.environment(cluster, parallelism, options.trainers, webUi == null ? OptionalInt.empty() : OptionalInt.of(webUi));
        if (cluster == null || cluster.isBlank()) {
            TrainJob.run(env, options);
            return 0;
        }
        TrainJob.build(env, options);
        return submission.submit(env, TrainJob.jobName(options), cluster, spec.commandLine().getOut());
    }
}
