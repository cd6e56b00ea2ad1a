package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.bench.ServeBenchmark;
import dev.autoloss.jobs.embedded.LocalRedis;
import dev.autoloss.jobs.serve.RedisServerOptions;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.jobs.train.TrainerSettingOptions;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.train.TrainerSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code autoloss bench serve}: predictor latency, latency during version swaps, score-job throughput. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Predictor latency p50/p99 for single examples and batches of 100 (a DeepFM restored from Redis);",
            "single-example p99 while new versions keep being loaded and swapped in, next to the p99 without;",
            "the score job's throughput, requests/s from Kafka into Redis, on a local MiniCluster with embedded Kafka;",
            "and request-to-prediction latency p50/p99 (append to Kafka until readable in Redis) at --request-rate for --seconds.",
            "Uses the Redis named by --redis or $REDIS_URL, else 127.0.0.1:6379 when it answers, else a private redis-server."})
final class BenchServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "Length of each latency phase (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--swap-every", defaultValue = "2s", converter = DurationConverter.class,
            description = "Time between new versions during the swap phase (default: ${DEFAULT-VALUE}).")
    Duration swapEvery;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "50000",
            description = "Requests sent through the score job (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--parallelism", defaultValue = "1", description = "Score-job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--request-rate", paramLabel = "R", defaultValue = "1000",
            description = "Requests/s of the request-to-prediction phase (default: ${DEFAULT-VALUE}).")
    double requestRate;

    @Mixin
    RedisServerOptions redis;

    /** The served model is a DeepFM with autoloss; its other settings are these. */
    @Mixin
    TrainerSettingOptions trainer = new TrainerSettingOptions().except(TrainerSettings.MODEL, TrainerSettings.METHOD);

    @Mixin
    JsonReportOption report;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0) || requests < 1 || parallelism < 1 || !(requestRate > 0)) {
            throw new ParameterException(spec.commandLine(), "--seconds, --requests, --parallelism and --request-rate must be positive");
        }
        int tableRows = trainer.config(TrainerFactory.forData(Format.CRITEO, Task.BINARY)).tableRows();
        ServeBenchmark.Settings settings = new ServeBenchmark.Settings(trainer.asArgs(), seconds, swapEvery, requests, parallelism, requestRate);
        ServeBenchmark.Result r;
        try (LocalRedis local = LocalRedis.resolve(redis)) {
            r = new ServeBenchmark(settings, local.address(), spec.commandLine().getErr()).run();
        }
        PrintWriter o = spec.commandLine().getOut();
        r.print(o, tableRows, parallelism);
        report.write(r, o);
        return 0;
    }
}
