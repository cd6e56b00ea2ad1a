package dev.autoloss.model.features;

import java.util.EnumSet;
import java.util.Set;

/** What a label column holds, and so which tasks a format supports and how the label reads for each. */
public enum LabelScale {
    /** a click: exactly "0" or "1"; binary task only */
    CLICK(EnumSet.of(Task.BINARY), Task.BINARY, "expected 0 or 1"),
    /**
     * a star rating from 0.5 to 5 in half stars (MovieLens 100K and 1M have whole stars only).
     * Multiclass: class = ceil(rating) - 1, so half stars round up (0.5 and 1 -> class 0, 4.5 and 5 -> class 4);
     * binary: rating > 3; regression: the rating itself.
     */
    STAR_RATING(EnumSet.allOf(Task.class), Task.MULTICLASS, "expected a rating from 0.5 to 5 in half stars");

    /** Rating classes 1..5 stars. */
    static final int RATING_CLASSES = 5;
    private static final double LIKED_ABOVE = 3;

    private final Set<Task> tasks;
    private final Task defaultTask;
    private final String expected;

    LabelScale(Set<Task> tasks, Task defaultTask, String expected) {
        this.tasks = tasks;
        this.defaultTask = defaultTask;
        this.expected = expected;
    }

    public Set<Task> tasks() {
        return EnumSet.copyOf(tasks);
    }

    public Task defaultTask() {
        return defaultTask;
    }

    /** Model outputs for the task: the number of rating classes for multiclass, else 1. */
    public int classes(Task task) {
        return task == Task.MULTICLASS ? RATING_CLASSES : 1;
    }

    /** What a valid label looks like, for error messages. */
    public String expected() {
        return expected;
    }

    /**
     * The label for the task.
     *
     * @throws IllegalArgumentException (NumberFormatException included) when the text is not a valid label
     */
    public float parse(String text, Task task) {
        if (this == CLICK) {
            return switch (text) {
                case "0" -> 0f;
                case "1" -> 1f;
                default -> throw new IllegalArgumentException(expected);
            };
        }
        double rating = Double.parseDouble(text);
        if (!(rating >= 0.5 && rating <= RATING_CLASSES) || rating * 2 != Math.rint(rating * 2)) {
            throw new IllegalArgumentException(expected);
        }
        return switch (task) {
            case MULTICLASS -> (float) (Math.ceil(rating) - 1);
            case BINARY -> rating > LIKED_ABOVE ? 1f : 0f;
            case REGRESSION -> (float) rating;
        };
    }
}
