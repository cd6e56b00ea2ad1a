package dev.autoloss.jobs.bench;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.ValidationBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One trainer of a {@code bench scale} run, in a thread of its own. It goes through its share of the stream in stream
 * order as the train job's loop does: a validation event joins the buffer that controller steps draw their newest
 * batch from and is scored by the weights it came to, in the next step's run; training events form batches, each
 * trained test-then-train (its first events scored in the step's own run), then a controller step when one is due.
 * As one of several replicas it also does what the job's trainers do at checkpoints: before each step it adds the
 * deltas the others sent, and every sync interval it takes its own and sends it to them.
 */
final class ScaleReplica implements Callable<ScaleReplica> {

    private record SentDelta(byte[] delta, long steps, long takenNanos) {}

    private final Trainer trainer;
    private final ScaleStream stream;
    private final int[] share;
    private final StreamScores scores;
    private final double prequentialSample;
    private final long syncNanos;
    private final int batchSize;
    private final ValidationBuffer validation;
    private final List<Integer> unscoredValidation = new ArrayList<>();
    private final Queue<SentDelta> inbox = new ConcurrentLinkedQueue<>();
    private final List<ScaleReplica> peers = new ArrayList<>();
    private final LongSamples stalenessNanos = new LongSamples();
    private final LongSamples stalenessSteps = new LongSamples();
    private final LongSamples deltaBytes = new LongSamples();
    private long lastSentNanos;
    private long eventsTrained;
    private long steps;

    /** {@code share}: the stream positions of this trainer's events, in stream order. */
    ScaleReplica(Trainer trainer, ScaleStream stream, int[] share, StreamScores scores, double prequentialSample, Duration syncInterval) {
        this.trainer = trainer;
        this.stream = stream;
        this.share = share;
        this.scores = scores;
        this.prequentialSample = prequentialSample;
        this.syncNanos = syncInterval.toNanos();
        this.batchSize = trainer.config().batchSize();
        this.validation = new ValidationBuffer(batchSize);
    }

    /** The other replicas of the run, which this one sends its deltas to. */
    void sendsTo(List<ScaleReplica> replicas) {
        replicas.stream().filter(r -> r != this).forEach(peers::add);
    }

    @Override
    public ScaleReplica call() {
        lastSentNanos = System.nanoTime();
        int[] batch = new int[batchSize];
        int size = 0;
        for (int position : share) {
            if (stream.isValidation(position)) {
                validation.add(stream.example(position));
                unscoredValidation.add(position);
                if (unscoredValidation.size() >= batchSize) {
                    scoreValidation(); // a batch of them came between two steps (whose runs score them otherwise)
                }
            } else {
                batch[size++] = position;
                if (size == batchSize) {
                    step(batch, size);
                    size = 0;
                }
            }
        }
        if (size > 0) {
            step(batch, size);
        }
        if (!unscoredValidation.isEmpty()) {
            scoreValidation();
        }
        return this;
    }

    private void step(int[] batch, int size) {
        sync();
        List<Example> examples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            examples.add(stream.example(batch[i]));
        }
        int sampled = (int) Math.ceil(size * prequentialSample);
        List<Example> scored = new ArrayList<>(examples.subList(0, sampled));
        unscoredValidation.forEach(p -> scored.add(stream.example(p)));
        float[] predictions = trainer.train(examples, scored).scoredPredictions();
        for (int i = 0; i < sampled; i++) {
            scores.set(batch[i], predictions[i]);
        }
        keepValidationScores(predictions, sampled);
        eventsTrained += size;
        steps++;
        if (trainer.controllerDue() && !validation.isEmpty()) {
            trainer.trainController(validation.newest(batchSize));
        }
    }

    private void scoreValidation() {
        keepValidationScores(trainer.predict(unscoredValidation.stream().map(stream::example).toList()), 0);
    }

    /** The unscored validation events' predictions, from {@code offset} of {@code predictions} on; they are scored then. */
    private void keepValidationScores(float[] predictions, int offset) {
        for (int i = 0; i < unscoredValidation.size(); i++) {
            scores.set(unscoredValidation.get(i), predictions[offset + i]);
        }
        unscoredValidation.clear();
    }

    /** Adds the deltas that came, and sends this replica's own when the sync interval has passed since the last. */
    private void sync() {
        for (SentDelta sent = inbox.poll(); sent != null; sent = inbox.poll()) {
            trainer.addReplicaDelta(sent.delta());
            stalenessNanos.add(System.nanoTime() - sent.takenNanos());
            stalenessSteps.add(sent.steps());
        }
        if (!peers.isEmpty() && System.nanoTime() - lastSentNanos >= syncNanos) {
            byte[] delta = trainer.takeReplicaDelta();
            lastSentNanos = System.nanoTime();
            SentDelta sent = new SentDelta(delta, Trainer.replicaDeltaSteps(delta), lastSentNanos);
            deltaBytes.add(delta.length);
            peers.forEach(peer -> peer.inbox.add(sent));
        }
    }

    long eventsTrained() {
        return eventsTrained;
    }

    long steps() {
        return steps;
    }

    /** Per delta added: the time from its taking to its adding. */
    LongSamples stalenessNanos() {
        return stalenessNanos;
    }

    /** Per delta sent: its size. */
    LongSamples deltaBytes() {
        return deltaBytes;
    }

    /** Per delta added: the sender's own steps it held. */
    LongSamples stalenessSteps() {
        return stalenessSteps;
    }
}
