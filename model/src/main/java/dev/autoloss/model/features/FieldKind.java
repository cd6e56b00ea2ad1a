package dev.autoloss.model.features;

/** What one column of an input line holds. */
public enum FieldKind {
    /** the target: a click or a rating */
    LABEL,
    /** the event's own id (not a feature) */
    ID,
    /** the event time (may also feed derived features such as hour of day) */
    TIMESTAMP,
    /** a count or measurement, bucketed before hashing */
    NUMERIC,
    /** a categorical value, hashed as it is */
    CATEGORICAL
}
