package dev.autoloss.jobs.cli;

import dev.autoloss.model.features.DataProfile;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.RecordReader;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "the data file (.gz is fine); for ml100k the directory holding u.data, u.user and u.item")
    Path data;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            converter = NamedOptions.Formats.class, completionCandidates = NamedOptions.Formats.class,
            description = "the file's format: ${COMPLETION-CANDIDATES}")
    Format format;

    @Option(names = "--task", paramLabel = "TASK",
            converter = NamedOptions.Tasks.class, completionCandidates = NamedOptions.Tasks.class,
            description = "how to read the label: ${COMPLETION-CANDIDATES} (default: the format's own; MovieLens: multiclass)")
    Task task;

    @Option(names = "--limit", paramLabel = "N", description = "profile only the first N lines (default: all)")
    long limit;

    @Option(names = "--verbose", description = "print the stack trace when the command fails")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Schema schema = Schema.of(format);
        Task chosen = task == null ? schema.defaultTask() : task;
        try {
            schema.requireTask(chosen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        DataProfile profile;
        try (RecordReader reader = RecordReader.open(format, data)) {
            profile = DataProfile.scan(reader, new ExampleParser(schema, chosen), limit);
        }
        new ProfileReport(profile, data).print(spec.commandLine().getOut());
        return 0;
    }
}
