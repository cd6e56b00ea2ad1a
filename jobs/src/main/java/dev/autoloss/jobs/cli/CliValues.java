package dev.autoloss.jobs.cli;

import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.drs.ModelKind;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters for the names users type (formats, tasks, models, methods). Each delegates to the
 * type's own {@code byName}, whose error lists the valid names; picocli prints it as one line naming the flag.
 */
final class CliValues {

    private CliValues() {}

    private static <T> T convert(Function<String, T> byName, String value) {
        try {
            return byName.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class FormatName implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return CliValues.convert(Format::byName, value);
        }
    }

    static final class TaskName implements ITypeConverter<Task> {
        @Override
        public Task convert(String value) {
            return CliValues.convert(Task::byName, value);
        }
    }

    static final class ModelName implements ITypeConverter<ModelKind> {
        @Override
        public ModelKind convert(String value) {
            return CliValues.convert(ModelKind::byName, value);
        }
    }

    static final class MethodName implements ITypeConverter<Method> {
        @Override
        public Method convert(String value) {
            return CliValues.convert(Method::byName, value);
        }
    }
}
