package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.serve.RedisOptions;
import dev.autoloss.jobs.serve.StatusReport;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code autoloss status}: the published model versions and the train job's status, from Redis. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Shows the model versions in Redis (kind, size, age) and the training status: events trained and their rate,"
                + " prequential and validation AUC/log-loss, the loss-weight distribution, lag and freshness.")
public final class StatusCommand implements Callable<Integer> {

    /** ANSI: cursor home, then erase the screen, so that each refresh replaces the last in place. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print the train job's status record as stored (JSON) instead")
    boolean json;

    @Option(names = "--watch", description = "refresh the output in place until Ctrl-C")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "time between refreshes with --watch (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Mixin
    RedisOptions redis;

    @Override
    public Integer call() throws InterruptedException {
        if (interval.isZero()) {
            throw new ParameterException(spec.commandLine(), "--interval must be positive, got " + interval);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (RedisEndpoint connection = RedisEndpoint.connect(redis.address())) {
            if (!watch) {
                StatusReport report = StatusReport.read(connection, redis.snapshotKeys());
                lines(report).forEach(out::println);
                return report.empty() ? OneLineErrors.FAILED : 0;
            }
            // Ctrl-C ends the JVM, and this loop with it: nothing is left to clean up
            while (true) {
                List<String> lines = lines(StatusReport.read(connection, redis.snapshotKeys()));
                out.print(CLEAR_SCREEN);
                lines.forEach(out::println);
                out.printf("%n(refreshed every %.1f s; Ctrl-C to stop)%n", interval.toMillis() / 1e3);
                out.flush();
                Thread.sleep(interval.toMillis());
            }
        }
    }

    private List<String> lines(StatusReport report) {
        if (!json) {
            return report.lines(System.currentTimeMillis());
        }
        if (report.status() == null) {
            throw new IllegalStateException("no status record at " + redis.snapshotKeys().status() + " on " + redis.address());
        }
        return List.of(report.status().toJson());
    }
}
