package dev.autoloss.model.study;

import java.util.List;

/**
 * What a study runs: every method on every condition's stream for seeds 1..n (the seed draws the stream, its teacher
 * and the trainer's initial weights, so the methods of a seed are paired).
 */
public record StudySettings(List<StudyCondition> conditions, List<StudyMethod> methods, int seeds, StreamSettings stream) {

    public StudySettings {
        conditions = List.copyOf(conditions);
        methods = List.copyOf(methods);
        require(!conditions.isEmpty(), "conditions: name at least one");
        require(conditions.stream().distinct().count() == conditions.size(), "conditions: name each condition once");
        require(!methods.isEmpty(), "methods: name at least one");
        require(methods.stream().map(StudyMethod::name).distinct().count() == methods.size(), "methods: name each method once");
        require(seeds >= 1, "seeds must be at least 1, got " + seeds);
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
