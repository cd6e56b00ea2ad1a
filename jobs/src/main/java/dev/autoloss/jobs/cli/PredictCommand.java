package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.serve.ModelFollower;
import dev.autoloss.jobs.serve.PredictionRecord;
import dev.autoloss.jobs.serve.RedisOptions;
import dev.autoloss.jobs.serve.RequestLines;
import dev.autoloss.jobs.serve.RequestScorer;
import dev.autoloss.jobs.serve.ScoringRequest;
import dev.autoloss.jobs.serve.PublishedModel;
import dev.autoloss.model.features.Format;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code autoloss predict}: scores example lines with the latest published model, one JSON result per line. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores example lines (the format's lines; the label field may be empty) with the latest model version in Redis.",
                "Prints one JSON record per line, in input order: the score (or class probabilities), the model version and its age,",
                "or the error that stopped the line (reason, field, value). The request id is FILE:LINE."})
public final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", defaultValue = "criteo", converter = NamedOptions.Formats.class, completionCandidates = NamedOptions.Formats.class,
            description = "criteo, avazu, ml100k, ml-csv or ml-dat (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--data", defaultValue = "-", paramLabel = "FILE|-",
            description = "file of example lines (.gz ok; ml100k: the folder with u.data, u.user, u.item), or - for standard input (default)")
    String data;

    @Option(names = "--batch-size", defaultValue = "100", description = "lines scored together (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--model-wait", defaultValue = "30s", converter = DurationConverter.class,
            description = "how long to wait for a model version to load (default: ${DEFAULT-VALUE})")
    Duration modelWait;

    @Mixin
    RedisOptions redis;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        }
        long failed = 0;
        try (ModelFollower follower = PublishedModel.follow(redis, format, ModelFollower.DEFAULT_POLL_INTERVAL);
             RequestLines lines = RequestLines.open(format, data)) {
            PublishedModel.awaitFirst(follower, redis, modelWait);
            RequestScorer scorer = new RequestScorer(format, follower);
            PrintWriter out = spec.commandLine().getOut();
            List<ScoringRequest> batch = new ArrayList<>(batchSize);
            while (lines.hasNext()) {
                batch.add(lines.next());
                if (batch.size() == batchSize || !lines.hasNext()) {
                    for (PredictionRecord record : scorer.score(batch)) {
                        failed += record.failed() ? 1 : 0;
                        out.println(record.toJson());
                    }
                    batch.clear();
                }
            }
            out.flush();
            spec.commandLine().getErr().printf("scored %,d lines with model version %d; %,d had errors%n", lines.count() - failed, follower.version(), failed);
        }
        return 0;
    }
}
