package dev.autoloss.jobs.cli;

import dev.autoloss.model.features.Format;
import picocli.CommandLine;

/** {@code --format criteo|avazu|ml100k|ml-csv|ml-dat}, with the valid names in the error. */
final class FormatConverter implements CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
        try {
            return Format.byName(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
