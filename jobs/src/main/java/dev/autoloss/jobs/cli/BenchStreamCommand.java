package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.bench.StreamBenchmark;
import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.embedded.LocalFlink;
import dev.autoloss.jobs.embedded.LocalRedis;
import dev.autoloss.jobs.train.TrainOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code autoloss bench stream}: end-to-end throughput next to the trainer alone, and model freshness. */
@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generates Criteo-format events into Kafka and runs the train job on them: end-to-end events/s "
                + "(Kafka to trained) next to the trainer alone on the same events, then freshness (append to Kafka until a "
                + "published version includes the event, p50/p99) on a live stream at half that rate, and CPU time per trained event of "
                + "the whole job and of the trainer alone (this process's: unknown for the job with --cluster).",
                "Uses an embedded Kafka broker unless --bootstrap is given, and the Redis named by --redis or $REDIS_URL, else "
                + "127.0.0.1:6379 when it answers, else a private redis-server. The job's flags apply; the benchmark sets its own "
                + "topics, format and bounds."})
public final class BenchStreamCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "2000000", description = "generated events for the throughput runs (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--generator-seed", defaultValue = "42", description = "generator seed (default: ${DEFAULT-VALUE})")
    long generatorSeed;

    @Option(names = "--freshness-duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "length of the live stream the freshness is measured on (default: ${DEFAULT-VALUE})")
    Duration freshnessDuration;

    @Mixin
    TrainOptions job;

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "run the jobs on this Flink cluster on this machine (e.g. 'autoloss cluster up'; give its --bootstrap and --redis too)"
                    + " instead of a local MiniCluster")
    String cluster;

    @Mixin
    JsonReportOption report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        job.validated();
        boolean ownKafka = !spec.commandLine().getParseResult().hasMatchedOption("--bootstrap");
        try (EmbeddedKafka kafka = ownKafka ? EmbeddedKafka.start() : null;
             LocalRedis redis = LocalRedis.resolve(job.redis.server)) {
            if (kafka != null) {
                job.source.bootstrap = kafka.bootstrapServers();
            }
            job.redis.server.use(redis.address());
            int parallelism = job.parallelism > 0 ? job.parallelism : Runtime.getRuntime().availableProcessors();
            StreamBenchmark.Result result = new StreamBenchmark(job, events, generatorSeed, freshnessDuration,
                    () -> cluster == null ? StreamExecutionEnvironment.getExecutionEnvironment() : LocalFlink.onThisMachine(cluster, parallelism),
                    cluster == null, System.out).run();
            result.print(System.out);
            report.write(result, spec.commandLine().getOut());
        }
        return 0;
    }
}
