package dev.autoloss.jobs.train;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Which of the job's trainers trains an event: the job keys events by their id, so Flink's key groups decide (one
 * per trainer), and an event goes to the same trainer in every run and after every restore. Keyed rather than
 * custom-partitioned because Flink takes unaligned checkpoints only over keyed or plain exchanges.
 */
public final class TrainerShare {

    private TrainerShare() {}

    /** The trainer of {@code trainers} that the job sends the event with id {@code eventId} to. */
    public static int of(String eventId, int trainers) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(eventId, trainers, trainers);
    }
}
