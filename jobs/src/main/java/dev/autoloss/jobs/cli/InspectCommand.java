package dev.autoloss.jobs.cli;

import dev.autoloss.model.features.DataProfile;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.RecordReader;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autoloss inspect}: a user's first look at a data file, before anything replays it. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Profiles a data file: rows parsed and rejected (per reason, with line numbers), "
                + "the label rate or histogram, and each field's distinct values and missing rate.")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataFileOptions input;

    @Option(names = "--limit", paramLabel = "N", description = "profile only the first N lines (default: all)")
    long limit;

    @Option(names = "--verbose", description = "print the stack trace when the command fails")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Schema schema = input.schema();
        Task chosen = input.task();
        DataProfile profile;
        try (RecordReader reader = RecordReader.open(input.format(), input.data())) {
            profile = DataProfile.scan(reader, new ExampleParser(schema, chosen), limit);
        }
        new ProfileReport(profile, input.data()).print(spec.commandLine().getOut());
        return 0;
    }
}
