package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.report.Report;
import dev.autoloss.jobs.serve.RedisServerOptions;
import dev.autoloss.jobs.snapshot.SnapshotKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code autoloss report}: charts (PNG and SVG) and an index.md from experiment, study and benchmark JSON and a live job's history. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draws charts (PNG and SVG) into a folder with an index.md embedding them: from 'experiment --out' files",
                "(test AUC and log-loss per method with sd error bars, validation AUC over steps, loss weights, temperature),",
                "'study --out' files (AUC and calibration error per method and condition, learning curves),",
                "'bench trainer --out' files (examples/s per model and method) and, with --redis-prefix, the status history of",
                "the train job under that prefix (AUC over events trained, loss weights, temperature, freshness over time)."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.json", arity = "0..*", description = "'experiment --out', 'study --out' or 'bench trainer --out' files")
    List<Path> files = List.of();

    @Option(names = "--redis-prefix", paramLabel = "PREFIX", description = "also draw the history of the train job under this Redis prefix")
    String redisPrefix;

    @Mixin
    RedisServerOptions redis;

    @Option(names = "--to", paramLabel = "DIR", required = true, description = "folder to write the charts and index.md into (created)")
    Path to;

    @Option(names = "--verbose", description = "print the stack trace of a failure")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (files.isEmpty() && redisPrefix == null) {
            throw new ParameterException(spec.commandLine(), "give FILE.json files, --redis-prefix PREFIX, or both");
        }
        Report report = Report.into(to);
        files.forEach(report::addFile);
        if (redisPrefix != null) {
            report.addLiveJob(redis.address(), new SnapshotKeys(redisPrefix));
        }
        Path index = report.writeIndex();
        spec.commandLine().getOut().printf("Wrote %d charts (PNG and SVG) and %s%n", report.chartCount(), index);
        return 0;
    }
}
