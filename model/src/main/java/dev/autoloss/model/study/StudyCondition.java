package dev.autoloss.model.study;

import dev.autoloss.model.CliNames;
import java.util.Locale;

/** How a study's stream turns the planted teacher's clean clicks into the labels a trainer observes (docs/research.md). */
public enum StudyCondition {
    /** observed = clean: the null control */
    CLEAN,
    /** false positives added to negatives with a per-item ("clickbait") propensity ~ Beta(0.5, 2) */
    CONCENTRATED_NOISE,
    /** the same expected number of false positives, with one probability for every item: the control of the above */
    UNIFORM_NOISE,
    /** conversions after an exponential delay: late ones are ingested as a negative, then again as a positive */
    DELAYED;

    /** Whether false positives are added to the training events' labels. */
    public boolean noisy() {
        return this == CONCENTRATED_NOISE || this == UNIFORM_NOISE;
    }

    /** The name on the command line: {@code clean}, {@code concentrated-noise}, ... */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static StudyCondition byName(String name) {
        return CliNames.byName(values(), StudyCondition::cliName, "condition", name);
    }
}
