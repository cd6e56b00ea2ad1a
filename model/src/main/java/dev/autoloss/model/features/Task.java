package dev.autoloss.model.features;

import dev.autoloss.model.CliNames;
import java.util.Locale;

/** What the label means and so which output and losses the model uses. */
public enum Task {
    /** a click: label 0 or 1, one sigmoid output */
    BINARY,
    /** one of K classes (MovieLens: 5 rating classes), label 0..K-1, K-way softmax */
    MULTICLASS,
    /** a real value (MovieLens: the rating), identity output */
    REGRESSION;

    /** The name on the command line: {@code binary}, {@code multiclass}, {@code regression}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The task with this command-line name; IllegalArgumentException listing the valid names otherwise. */
    public static Task byName(String name) {
        return CliNames.byName(values(), Task::cliName, "task", name);
    }
}
