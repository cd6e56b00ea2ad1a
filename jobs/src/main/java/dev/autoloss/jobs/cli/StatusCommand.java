package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.serve.RedisOptions;
import dev.autoloss.jobs.serve.StatusReport;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code autoloss status}: the published model versions and the train job's status, from Redis. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Shows the model versions in Redis (kind, size, age) and the training status: events trained and their rate,"
                + " prequential and validation AUC/log-loss, the loss-weight distribution, lag and freshness.")
public final class StatusCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print the train job's status record as stored (JSON) instead")
    boolean json;

    @Mixin
    RedisOptions redis;

    @Override
    public Integer call() {
        StatusReport report;
        try (RedisEndpoint connection = RedisEndpoint.connect(redis.address())) {
            report = StatusReport.read(connection, redis.snapshotKeys());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            if (report.status() == null) {
                throw new IllegalStateException("no status record at " + redis.snapshotKeys().status() + " on " + redis.address());
            }
            out.println(report.status().toJson());
        } else {
            report.lines(System.currentTimeMillis()).forEach(out::println);
        }
        return report.empty() ? OneLineErrors.FAILED : 0;
    }
}
