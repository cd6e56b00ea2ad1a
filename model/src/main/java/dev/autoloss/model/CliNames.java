package dev.autoloss.model;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Looks up an enum constant by the name users type on the command line, with an error listing the valid names. */
public final class CliNames {

    private CliNames() {}

    public static <E extends Enum<E>> E byName(E[] values, Function<E, String> cliName, String what, String name) {
        for (E value : values) {
            if (cliName.apply(value).equals(name)) {
                return value;
            }
        }
        String valid = Arrays.stream(values).map(cliName).collect(Collectors.joining(", "));
        String whats = what.endsWith("s") ? what + "es" : what + "s";
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; valid " + whats + ": " + valid);
    }
}
