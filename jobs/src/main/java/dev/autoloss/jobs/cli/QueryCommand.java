package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.serve.PredictionRecord;
import dev.autoloss.jobs.serve.PredictionStore;
import dev.autoloss.jobs.serve.RedisOptions;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code autoloss query}: the predictions the score job served, read back from Redis. */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the record the score job stored for each request id, as JSON (a prediction, or the error that",
                "stopped one), or 'REQUEST_ID absent' when there is none (never scored, or expired). Exit status 1 when any is absent."})
public final class QueryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "REQUEST_ID", description = "request ids (the Kafka record keys of the requests)")
    List<String> requestIds;

    @Mixin
    RedisOptions redis;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean allFound = true;
        try (RedisEndpoint connection = RedisEndpoint.connect(redis.address())) {
            PredictionStore store = new PredictionStore(connection, redis.predictionKeys());
            for (String id : requestIds) {
                Optional<PredictionRecord> record = store.read(id);
                allFound &= record.isPresent();
                out.println(record.map(PredictionRecord::toJson).orElse(id + " absent"));
            }
        }
        return allFound ? 0 : OneLineErrors.FAILED;
    }
}
