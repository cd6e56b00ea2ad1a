package dev.autoloss.jobs.cli;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.study.StudyCondition;
import dev.autoloss.model.study.StudyMethod;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for options whose values are named enums ({@code --format ml-csv}, {@code --task binary},
 * {@code --model deepfm}, {@code --methods ce,autoloss}, {@code --conditions clean,delayed}).
 * Each is also the option's completion candidates, so {@code ${COMPLETION-CANDIDATES}} in a help text lists
 * the valid names from the enum itself. An unknown name gives one line listing the valid ones.
 */
public final class NamedOptions {

    private NamedOptions() {}

    /** {@code @Option(converter = NamedOptions.Formats.class, completionCandidates = NamedOptions.Formats.class)} */
    public static final class Formats extends Named<Format> {
        public Formats() {
            super(Format.values(), Format::byName, Format::cliName);
        }
    }

    /** {@code @Option(converter = NamedOptions.Tasks.class, completionCandidates = NamedOptions.Tasks.class)} */
    public static final class Tasks extends Named<Task> {
        public Tasks() {
            super(Task.values(), Task::byName, Task::cliName);
        }
    }

    /** {@code @Option(converter = NamedOptions.Models.class, completionCandidates = NamedOptions.Models.class)} */
    public static final class Models extends Named<ModelKind> {
        public Models() {
            super(ModelKind.values(), ModelKind::byName, ModelKind::cliName);
        }
    }

    /** {@code @Option(converter = NamedOptions.Methods.class, completionCandidates = NamedOptions.Methods.class)} */
    public static final class Methods extends Named<Method> {
        public Methods() {
            super(Method.values(), Method::byName, Method::cliName);
        }
    }

    /** {@code @Option(converter = NamedOptions.Conditions.class, completionCandidates = NamedOptions.Conditions.class)} */
    public static final class Conditions extends Named<StudyCondition> {
        public Conditions() {
            super(StudyCondition.values(), StudyCondition::byName, StudyCondition::cliName);
        }
    }

    /** A study's methods: {@code oracle} and the trainer's ({@code --methods ce,oracle,tce}). */
    public static final class StudyMethods implements ITypeConverter<StudyMethod>, Iterable<String> {
        @Override
        public StudyMethod convert(String value) {
            try {
                return StudyMethod.byName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }

        @Override
        public Iterator<String> iterator() {
            return StudyMethod.names().iterator();
        }
    }

    abstract static class Named<E extends Enum<E>> implements ITypeConverter<E>, Iterable<String> {
        private final Function<String, E> byName;
        private final List<String> names;

        Named(E[] values, Function<String, E> byName, Function<E, String> cliName) {
            this.byName = byName;
            this.names = Arrays.stream(values).map(cliName).toList();
        }

        @Override
        public E convert(String value) {
            try {
                return byName.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }

        @Override
        public Iterator<String> iterator() {
            return names.iterator();
        }
    }
}
