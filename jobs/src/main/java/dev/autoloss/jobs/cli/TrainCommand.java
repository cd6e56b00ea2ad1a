package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.train.TrainJob;
import dev.autoloss.jobs.train.TrainOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code autoloss train}: the streaming training job on a local Flink MiniCluster (for a real cluster, submit {@link TrainJob}). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a recommender online from a Kafka topic of event lines and publishes versioned snapshots to Redis.",
                "Runs on a local Flink MiniCluster; the same flags work with 'flink run -c dev.autoloss.jobs.train.TrainJob autoloss.jar'."})
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    TrainOptions options;

    @Override
    public Integer call() throws Exception {
        TrainJob.run(options.validated());
        return 0;
    }
}
