package dev.autoloss.model.train;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * One trainer setting, declared once in {@link TrainerSettings}: its name, type, default, what a valid value is and
 * what it means. The rest is derived from the declaration: {@link TrainerConfig}'s validation, the command-line flag
 * ({@code --} and the name in kebab case), help and the README's table, and the key and text of the setting in a
 * snapshot's manifest meta.
 *
 * @param name        camel case, as in reports and manifest meta ({@code tableRows})
 * @param defaultText how help shows the default when another setting decides it; null shows the default value
 * @param fromData    whether the data decides it (its format and task) rather than the user: no flag
 */
public record TrainerSetting<T>(String name, SettingType<T> type, T defaultValue, String description, Predicate<T> valid,
                                String requirement, String defaultText, boolean fromData) {

    static <T> TrainerSetting<T> of(String name, SettingType<T> type, T defaultValue, String description) {
        return new TrainerSetting<>(name, type, defaultValue, description, v -> true, "", null, false);
    }

    /** Valid values pass {@code valid}; others are refused with "{@code requirement}, got VALUE". */
    TrainerSetting<T> require(Predicate<T> test, String text) {
        return new TrainerSetting<>(name, type, defaultValue, description, test, text, defaultText, fromData);
    }

    /** For a default that other settings decide (the default value then means "not set"). */
    TrainerSetting<T> defaultIs(String text) {
        return new TrainerSetting<>(name, type, defaultValue, description, valid, requirement, text, fromData);
    }

    TrainerSetting<T> decidedByData() {
        return new TrainerSetting<>(name, type, defaultValue, description, valid, requirement, defaultText, true);
    }

    /** The default as help shows it. */
    public String defaultDescription() {
        return defaultText != null ? defaultText : type.format(defaultValue);
    }

    /** What is wrong with {@code value} on its own (other settings aside), if anything; null is "not set". */
    public Optional<String> problem(T value) {
        if (value == null) {
            return defaultValue == null ? Optional.empty() : Optional.of("must be set");
        }
        return valid.test(value) ? Optional.empty() : Optional.of(requirement + ", got " + type.format(value));
    }

    /** The value {@code text} writes; IllegalArgumentException saying why it is not one (without naming the setting). */
    public T parse(String text) {
        T value = type.parse(text);
        problem(value).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return value;
    }

    public String format(T value) {
        return type.format(value);
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return (T) value;
    }
}
