package dev.autoloss.jobs.train;

import dev.autoloss.model.eval.Quality;
import dev.autoloss.model.eval.SlidingWindowQuality;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.train.ControllerFile;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.ValidationBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The trainer's loop over the stream, without Flink: forms count-based mini-batches of training events, keeps
 * the newest validation events, evaluates each batch before training on it (prequential), takes a DRS step per
 * batch and a controller step when due, and counts what it did. Everything a restore needs is in
 * {@link #state()}; the Flink operator keeps it in operator state.
 */
final class TrainingLoop {

    /** Hears of each step before it is taken and of each training event after it was trained on. */
    interface Listener {
        void beforeStep(long step);

        void trained(ParsedEvent event);
    }

    /**
     * What the loop holds between two steps: the events of the partial batch, the validation buffer, the probe's
     * examples, validation events held back from training until a controller step used them, and the counters.
     */
    record State(List<ParsedEvent> batch, List<Example> validation, List<Example> probe, List<ParsedEvent> validationToTrain,
                 TrainingCounters counters) {}

    private final Trainer trainer;
    private final TrainOptions options;
    private final Listener listener;
    private final int batchSize;
    private final boolean controllerUsesValidation;

    private final List<ParsedEvent> batch;
    private final ValidationBuffer validation;
    private final List<Example> unscoredValidation = new ArrayList<>();
    private final List<Example> probe = new ArrayList<>(Probe.SIZE);
    private final List<ParsedEvent> validationToTrain = new ArrayList<>();
    private final SlidingWindowQuality prequential;
    private final SlidingWindowQuality validationQuality;
    private long eventsTrained;
    private long validationEvents;
    private long rejected;
    private long trainedIdDigest;
    private long[] nextOffsets;
    private long[] receivedOffsets;
    private long firstTrainedMillis;
    private long lastTrainedMillis;

    /** A loop that goes on from {@code restored} (the state of an earlier loop over the trainer's state, or an empty one). */
    TrainingLoop(Trainer trainer, TrainOptions options, State restored, Listener listener) {
        this.trainer = trainer;
        this.options = options;
        this.listener = listener;
        this.batchSize = trainer.config().batchSize();
        this.controllerUsesValidation = trainer.config().method().learnsFromValidation();
        this.batch = new ArrayList<>(Math.max(batchSize, restored.batch().size()));
        this.validation = new ValidationBuffer(options.validationBuffer);
        this.prequential = new SlidingWindowQuality(options.metricsWindow, trainer.outputs());
        this.validationQuality = new SlidingWindowQuality(options.metricsWindow, trainer.outputs());
        batch.addAll(restored.batch());
        restored.validation().forEach(validation::add);
        probe.addAll(restored.probe());
        validationToTrain.addAll(restored.validationToTrain());
        TrainingCounters counters = restored.counters();
        eventsTrained = counters.eventsTrained();
        validationEvents = counters.validationEvents();
        rejected = counters.rejected();
        trainedIdDigest = counters.trainedIdDigest();
        nextOffsets = counters.nextOffsets();
        receivedOffsets = counters.receivedOffsets();
    }

    static State empty() {
        return new State(List.of(), List.of(), List.of(), List.of(), TrainingCounters.none());
    }

    /** A parsed event: a validation event joins the buffer (and is scored), a training event the batch; full batches are trained. */
    void add(ParsedEvent event) {
        nextOffsets = ResumeOffsets.advance(nextOffsets, event.partition(), event.offset());
        receivedOffsets = ResumeOffsets.advance(receivedOffsets, event.partition(), event.offset());
        if (probe.size() < Probe.SIZE) {
            probe.add(event.example());
        }
        if (event.validation()) {
            validationEvents++;
            validation.add(event.example());
            unscoredValidation.add(event.example());
            if (unscoredValidation.size() >= batchSize) {
                scoreValidation(); // a batch of them came between two training steps (whose runs score them otherwise)
            }
            if (options.trainOnValidation) {
                // kept from training until a controller step has used it, when a controller learns from validation data
                (controllerUsesValidation ? validationToTrain : batch).add(event);
            }
        } else {
            batch.add(event);
        }
        while (batch.size() >= batchSize) {
            trainBatch(batchSize);
        }
    }

    /** A malformed event, counted (the dead-letter topic has it). */
    void rejected(RejectedEvent event) {
        rejected++;
        nextOffsets = ResumeOffsets.advance(nextOffsets, event.partition(), event.offset());
    }

    /** At the end of a bounded input the last, partial batch is trained too, and the controller saved when asked to. */
    void endOfInput() {
        batch.addAll(validationToTrain); // no controller step will come to use them first
        validationToTrain.clear();
        while (!batch.isEmpty()) {
            trainBatch(Math.min(batch.size(), batchSize));
        }
        if (!unscoredValidation.isEmpty()) {
            scoreValidation();
        }
        if (options.saveController != null && options.trainers == 1) { // several trainers' merged model saves it
            ControllerFile.save(trainer, Path.of(options.saveController));
        }
    }

    /** Trains on the first {@code size} events of the batch, which are then gone from it. */
    private void trainBatch(int size) {
        listener.beforeStep(trainer.step() + 1);
        if (firstTrainedMillis == 0) {
            firstTrainedMillis = System.currentTimeMillis();
        }
        List<ParsedEvent> taken = batch.subList(0, size);
        List<Example> examples = new ArrayList<>(size);
        taken.forEach(e -> examples.add(e.example()));
        // test, then train: the first events of the batch (arrival order, so a fair sample) are scored before the step,
        // in its run, with the validation events that came since the last step (by the weights they came to)
        List<Example> sample = examples.subList(0, (int) Math.ceil(size * options.prequentialSample));
        List<Example> scored = new ArrayList<>(sample);
        scored.addAll(unscoredValidation);
        float[] predictions = trainer.train(examples, scored).scoredPredictions();
        int split = sample.size() * trainer.outputs();
        prequential.add(Arrays.copyOf(predictions, split), labels(sample));
        if (!unscoredValidation.isEmpty()) {
            validationQuality.add(Arrays.copyOfRange(predictions, split, predictions.length), labels(unscoredValidation));
            unscoredValidation.clear();
        }
        for (ParsedEvent event : taken) {
            trainedIdDigest = EventIdDigest.add(trainedIdDigest, event.example().eventId());
            listener.trained(event);
        }
        eventsTrained += size;
        lastTrainedMillis = System.currentTimeMillis();
        taken.clear();
        if (trainer.controllerDue() && !validation.isEmpty()) {
            trainer.trainController(validation.newest(batchSize));
            batch.addAll(validationToTrain);
            validationToTrain.clear();
        }
    }

    private void scoreValidation() {
        validationQuality.add(trainer.predict(unscoredValidation), labels(unscoredValidation));
        unscoredValidation.clear();
    }

    /** What a restore needs, with the version counters (which the loop does not keep) put in the counters. */
    State state(long version, long versionStep) {
        return new State(new ArrayList<>(batch), validation.contents(), new ArrayList<>(probe), new ArrayList<>(validationToTrain),
                new TrainingCounters(eventsTrained, validationEvents, rejected, trainedIdDigest, version, versionStep,
                        nextOffsets.clone(), receivedOffsets.clone()));
    }

    /**
     * What a version of the trainer's current state says about itself in its manifest: step, events trained and their
     * digest, the checkpoint holding the state (for a run's base version, the one it restored; 0 for none), the Kafka
     * offsets a model resumed from it starts at, the trainer's settings, whether its loss controller is a frozen one
     * ({@code train --controller}) and the probe's predictions.
     */
    Map<String, String> versionMeta(long checkpointId) {
        Map<String, String> meta = VersionMeta.of(trainer, options, eventsTrained, trainedIdDigest, checkpointId, untrainedOffsets());
        if (!probe.isEmpty()) {
            meta.put(Probe.META_KEY, Probe.of(probe, trainer.predict(probe)).toJson());
        }
        return meta;
    }

    long eventsTrained() {
        return eventsTrained;
    }

    long validationEvents() {
        return validationEvents;
    }

    long rejected() {
        return rejected;
    }

    long trainedIdDigest() {
        return trainedIdDigest;
    }

    /** Per Kafka partition, the offset after the last event received (training, validation or rejected). */
    long[] nextOffsets() {
        return nextOffsets.clone();
    }

    /** Per Kafka partition, the offset of the first event received and not yet trained (see {@link ResumeOffsets}). */
    long[] untrainedOffsets() {
        return ResumeOffsets.firstUntrained(receivedOffsets, List.of(batch, validationToTrain));
    }

    /** Epoch ms of the first step this loop took (0 before it). */
    long firstTrainedMillis() {
        return firstTrainedMillis;
    }

    /** Epoch ms of the last step this loop took (0 before the first). */
    long lastTrainedMillis() {
        return lastTrainedMillis;
    }

    /** Prequential quality over the recent window: each batch's sample scored before the step trained on it. */
    Quality prequential() {
        return prequential.quality();
    }

    /** Validation events' quality over the recent window, each scored by the weights it came to. */
    Quality validation() {
        return validationQuality.quality();
    }

    private static float[] labels(List<Example> examples) {
        float[] labels = new float[examples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(i).label();
        }
        return labels;
    }
}
