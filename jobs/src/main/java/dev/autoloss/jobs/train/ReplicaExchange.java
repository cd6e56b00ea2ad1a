package dev.autoloss.jobs.train;

import dev.autoloss.model.train.Trainer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One of several trainers' side of the exchange, without Flink: adds the other trainers' deltas as they arrive
 * ({@link ReplicaFeedback}) and takes its own at each checkpoint, with the counters the merged model sums.
 */
final class ReplicaExchange implements AutoCloseable {

    /** Append times of the events a delta carries, sampled, for the merged model's freshness. */
    private static final int APPEND_TIME_SAMPLES = 256;

    private final Trainer trainer;
    private final int replica;
    private final ReplicaFeedback feedback;
    private final ReplicaStaleness staleness = new ReplicaStaleness();
    private final long[] appendTimes = new long[APPEND_TIME_SAMPLES];
    private final SplittableRandom sampling = new SplittableRandom(17);
    private long trainedSinceDelta;
    private long sequence;

    /** Trainer {@code replica} of {@code replicas}. */
    ReplicaExchange(Trainer trainer, int replica, int replicas, ReplicaFeedback feedback) {
        this.trainer = trainer;
        this.replica = replica;
        this.feedback = feedback;
        trainer.startReplica(replicas); // the restored (or new) state is where the deltas start from
    }

    /** Adds every delta that has arrived from the other trainers. */
    void addArrived() {
        List<ReplicaFeedback.Arrived> arrived = feedback.poll();
        for (ReplicaFeedback.Arrived next : arrived) {
            byte[] payload = next.delta().payload();
            trainer.addReplicaDelta(payload);
            feedback.added(next);
            staleness.added(System.currentTimeMillis() - next.delta().emittedAtMillis(), Trainer.replicaDeltaSteps(payload));
        }
    }

    /** A training event was trained on: its append time may be one of the delta's samples (reservoir sampling). */
    void trained(ParsedEvent event) {
        long seen = trainedSinceDelta++;
        if (seen < APPEND_TIME_SAMPLES) {
            appendTimes[(int) seen] = event.appendTime();
        } else {
            long slot = sampling.nextLong(seen + 1);
            if (slot < APPEND_TIME_SAMPLES) {
                appendTimes[(int) slot] = event.appendTime();
            }
        }
    }

    /** The delta of this trainer's own steps since its last one, with its counters and status. */
    ReplicaDelta take(TrainingLoop loop, TrainingStatus status) {
        long[] sample = Arrays.copyOf(appendTimes, (int) Math.min(trainedSinceDelta, APPEND_TIME_SAMPLES));
        trainedSinceDelta = 0;
        return new ReplicaDelta(replica, ++sequence, System.currentTimeMillis(), loop.eventsTrained(), loop.validationEvents(),
                loop.rejected(), loop.trainedIdDigest(), loop.untrainedOffsets(), sample, status.toJson(), trainer.takeReplicaDelta());
    }

    ReplicaStaleness.Figures staleness() {
        return staleness.figures();
    }

    /** Per partition of the trainers' topic, where a restore reads on. */
    long[] offsets() {
        return feedback.offsets();
    }

    @Override
    public void close() throws InterruptedException {
        feedback.close();
    }
}
