package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.embedded.LocalFlink;
import dev.autoloss.jobs.train.TrainJob;
import dev.autoloss.jobs.train.TrainOptions;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code autoloss train}: the streaming training job, on a local Flink MiniCluster unless {@code --cluster} names one. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a recommender online from a Kafka topic of event lines and publishes versioned snapshots to Redis.",
                "Runs on a local Flink MiniCluster, or on a cluster with --cluster; the same flags work with "
                + "'flink run -c dev.autoloss.jobs.train.TrainJob autoloss.jar'."})
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    TrainOptions options;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "submit to this Flink cluster's JobManager (REST port) instead of a local MiniCluster")
    String cluster;

    @Option(names = "--web-ui", paramLabel = "PORT", description = "serve the local MiniCluster's Flink dashboard on 127.0.0.1:PORT")
    Integer webUi;

    @Override
    public Integer call() throws Exception {
        options.validated();
        int parallelism = options.parallelism > 0 ? options.parallelism : Runtime.getRuntime().availableProcessors();
        StreamExecutionEnvironment env = LocalFlink.environment(cluster, parallelism, webUi == null ? OptionalInt.empty() : OptionalInt.of(webUi));
        TrainJob.run(env, options);
        return 0;
    }
}
