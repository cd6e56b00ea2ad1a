package dev.autoloss.jobs.cli;

import dev.autoloss.model.train.ControllerFile;
import java.nio.file.Path;
import picocli.CommandLine;

/** Reads a saved controller where the command runs (a Flink job carries its bytes); a bad file is a bad flag. */
public final class ControllerFileConverter implements CommandLine.ITypeConverter<ControllerFile> {

    @Override
    public ControllerFile convert(String value) {
        try {
            return ControllerFile.read(Path.of(value));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
