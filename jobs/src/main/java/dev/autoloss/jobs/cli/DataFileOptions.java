package dev.autoloss.jobs.cli;

import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --data}, {@code --format} and {@code --task}: a picocli mixin for every command that reads a data file. */
final class DataFileOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

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

    Path data() {
        return data;
    }

    Format format() {
        return format;
    }

    Schema schema() {
        return Schema.of(format);
    }

    /** {@code --task}, else the format's default; a task the format cannot serve is a bad flag. */
    Task task() {
        Task chosen = task == null ? schema().defaultTask() : task;
        try {
            schema().requireTask(chosen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
        return chosen;
    }
}
