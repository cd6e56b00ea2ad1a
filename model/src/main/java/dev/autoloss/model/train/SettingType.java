package dev.autoloss.model.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the values of a {@link TrainerSetting} are written as text and read back: the same text on the command line,
 * in help and in a snapshot's manifest meta. A parse error says what was expected, never which setting (the caller
 * names it as its user knows it: a flag, a meta key).
 *
 * @param label    what a value looks like in help ({@code N}, {@code MODEL})
 * @param choices  the valid names of a named type, else empty
 * @param reported the value as reports show it (names for named types, the value itself otherwise)
 */
public record SettingType<T>(String label, List<String> choices, Function<String, T> parser, Function<T, String> formatter,
                             Function<T, Object> reported) {

    public static final SettingType<Integer> INT = number("N", "a whole number", Integer::valueOf);
    public static final SettingType<Long> LONG = number("N", "a whole number", Long::valueOf);
    public static final SettingType<Double> DOUBLE = number("X", "a number", Double::valueOf);
    public static final SettingType<Boolean> BOOLEAN = new SettingType<>("true|false", List.of("true", "false"), SettingType::bool,
            String::valueOf, v -> v);
    /** Layer widths, {@code 128,128}. */
    public static final SettingType<List<Integer>> WIDTHS = new SettingType<>("W[,W...]", List.of(),
            text -> Arrays.stream(text.split(",", -1)).map(w -> INT.parse(w.strip())).toList(),
            v -> v.stream().map(String::valueOf).collect(Collectors.joining(",")), v -> v);

    public T parse(String text) {
        return parser.apply(text);
    }

    public String format(T value) {
        return formatter.apply(value);
    }

    /** An enum named on the command line by {@code name} ({@code deepfm}); an unknown name gets the valid ones listed. */
    public static <E extends Enum<E>> SettingType<E> named(E[] values, Function<E, String> name, String what) {
        List<String> names = Arrays.stream(values).map(name).toList();
        return new SettingType<>(what.toUpperCase(Locale.ROOT), names, text -> {
            for (E value : values) {
                if (name.apply(value).equals(text)) {
                    return value;
                }
            }
            throw new IllegalArgumentException("unknown " + what + " '" + text + "'; valid: " + String.join(", ", names));
        }, name, name::apply);
    }

    /** A comma-separated list of {@code element}s ({@code ce,focal}). */
    public static <E> SettingType<List<E>> listOf(SettingType<E> element) {
        return new SettingType<>(element.label() + "[," + element.label() + "...]", element.choices(),
                text -> Arrays.stream(text.split(",", -1)).map(e -> element.parse(e.strip())).toList(),
                v -> v.stream().map(element::format).collect(Collectors.joining(",")),
                v -> v.stream().map(element.reported()).toList());
    }

    private static <N> SettingType<N> number(String label, String what, Function<String, N> parser) {
        return new SettingType<>(label, List.of(), text -> {
            try {
                return parser.apply(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not " + what);
            }
        }, String::valueOf, v -> v);
    }

    private static Boolean bool(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        throw new IllegalArgumentException("'" + text + "' is not true or false");
    }
}
