package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.embedded.LocalFlink;
import dev.autoloss.jobs.serve.ScoreJob;
import dev.autoloss.jobs.serve.ScoreOptions;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code autoloss score}: the scoring job on a local Flink MiniCluster, or on a cluster with {@code --cluster}. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores requests from a Kafka topic (key = request id, value = an example line with an empty label field)",
                "with the latest model version in Redis, and stores each prediction, or the error that stopped it, in Redis under",
                "PREFIX:pred:REQUEST_ID (JSON, with a TTL). The model is swapped for each new version without pausing.",
                "With --cluster it prints the job id and web UI address, then waits for the job's end unless --detached.",
                "On a cluster without this command: flink run -c dev.autoloss.jobs.serve.ScoreJob autoloss.jar (same flags)."})
public final class ScoreCommand implements Callable<Integer> {

    @Mixin
    ScoreOptions options;

    @Mixin
    ClusterSubmission submission;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.validated();
        submission.requireCluster(options.cluster);
        StreamExecutionEnvironment env = LocalFlink.environment(options.cluster, options.parallelism, OptionalInt.empty());
        if (options.cluster == null || options.cluster.isBlank()) {
            ScoreJob.run(env, options);
            return 0;
        }
        ScoreJob.build(env, options);
        return submission.submit(env, ScoreJob.jobName(options), options.cluster, spec.commandLine().getOut());
    }
}
