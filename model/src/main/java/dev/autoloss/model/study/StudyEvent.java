package dev.autoloss.model.study;

import dev.autoloss.model.features.Example;

/**
 * One event of a study's stream, as it is ingested.
 *
 * @param example    the features, with the observed label (a validation event's is its clean label: trusted)
 * @param cleanLabel the teacher's click, matured: what the final evaluation and the oracle read
 * @param click      the click's number in the generated stream, 0-based: its time, in events
 * @param validation whether it is held out for the controller (never trained on)
 * @param conversion whether it is the second ingestion of a late conversion, a positive duplicate of the click
 */
public record StudyEvent(Example example, float cleanLabel, long click, boolean validation, boolean conversion) {

    public float observedLabel() {
        return example.label();
    }

    /** The example with its clean label, as the oracle trains on it. */
    public Example withCleanLabel() {
        return new Example(example.eventId(), example.eventTime(), cleanLabel, example.keys());
    }
}
