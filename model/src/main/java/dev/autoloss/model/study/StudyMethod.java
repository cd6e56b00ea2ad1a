package dev.autoloss.model.study;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.autoloss.model.search.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A method a study compares: a trainer {@link Method} on the observed labels, or the oracle, ce on the clean labels
 * (what no method can do better than with this model and stream).
 *
 * @param name        as typed on the command line and reported
 * @param cleanLabels whether it trains on the clean labels (and on each click once: without late duplicates)
 */
public record StudyMethod(@JsonValue String name, Method method, boolean cleanLabels) {

    public static final String ORACLE = "oracle";

    public static StudyMethod oracle() {
        return new StudyMethod(ORACLE, Method.CE, true);
    }

    public static StudyMethod of(Method method) {
        return new StudyMethod(method.cliName(), method, false);
    }

    /** {@code oracle}, or a method's command-line name. */
    public static StudyMethod byName(String name) {
        if (name.equals(ORACLE)) {
            return oracle();
        }
        return Arrays.stream(Method.values()).filter(m -> m.cliName().equals(name)).findFirst().map(StudyMethod::of)
                .orElseThrow(() -> new IllegalArgumentException("unknown method '" + name + "'; valid methods: " + String.join(", ", names())));
    }

    /** Every name {@link #byName} takes: the oracle, then the trainer's methods. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of(ORACLE));
        Arrays.stream(Method.values()).map(Method::cliName).forEach(names::add);
        return names;
    }
}
