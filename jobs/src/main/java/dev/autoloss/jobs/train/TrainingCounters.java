package dev.autoloss.jobs.train;

/**
 * The trainer operator's counters, checkpointed with the model so that they stay exact across restores.
 *
 * @param eventsTrained    training events the model took a step on
 * @param validationEvents validation events received
 * @param rejected         malformed events (sent to the dead-letter topic)
 * @param trainedIdDigest  {@link EventIdDigest} of the ids of the trained events: shows none was lost or trained twice
 * @param version          the last snapshot version number given out
 * @param versionStep      the trainer step that version holds
 * @param nextOffsets      per Kafka partition, the offset after the last event received (for the lag)
 * @param receivedOffsets  the same for events of the training input alone, which a version's {@link ResumeOffsets} start from
 */
public record TrainingCounters(long eventsTrained, long validationEvents, long rejected,
                               long trainedIdDigest, long version, long versionStep, long[] nextOffsets, long[] receivedOffsets) {

    static TrainingCounters none() {
        return new TrainingCounters(0, 0, 0, EventIdDigest.EMPTY, 0, 0, new long[0], new long[0]);
    }
}
