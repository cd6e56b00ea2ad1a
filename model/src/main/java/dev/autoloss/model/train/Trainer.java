package dev.autoloss.model.train;

import dev.autoloss.model.drs.OutputHead;
import dev.autoloss.model.drs.Param;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TBool;

/**
 * Trains one recommender with one loss-search method: owns the TensorFlow graph and session, the feature
 * admission counts and the step counters. A DRS step is one session run; so is a controller step.
 *
 * <p>Not thread-safe: one thread drives a trainer.
 */
public final class Trainer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainerConfig config;
    private final Graph graph;
    private final Session session;
    private final TrainerGraph<?> g;
    private final VariableStore variables;
    private final FeatureAdmission admission;
    private final BatchEncoder encoder;
    private final TrainerState state;
    /** the running label statistics per item that autoloss-item's controller sees; null for other methods */
    private final ItemStatistics items;
    /** set when this trainer is one of several data-parallel replicas ({@link #startReplica()}) */
    private ReplicaSync replica;
    private RunProfile profile;

    public Trainer(TrainerConfig config) {
        this.config = config;
        this.graph = new Graph();
        try {
            this.g = new TrainerGraph<>(graph, config.precision().type(), config);
            this.session = new Session(graph, sessionConfig(config));
            session.initialize();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
        this.variables = new VariableStore(session, g.net.tf());
        int totalRows = config.tableRows() + config.fieldCount();
        CountMinSketch sketch = config.minCount() > 1 ? new CountMinSketch(config.sketchDepth(), config.sketchWidth(), config.minCount()) : null;
        this.admission = new FeatureAdmission(config.minCount(), config.tableRows(), sketch);
        this.encoder = new BatchEncoder(config.fieldCount(), config.task(), config.classes(), admission);
        this.state = new TrainerState(config.seed(), totalRows, g.candidates.size());
        this.items = config.method().seesItemStatistics() ? new ItemStatistics(config.itemField()) : null;
    }

    private static ConfigProto sessionConfig(TrainerConfig config) {
        // threads of its own: sessions otherwise share the process's inter-op pool, sized by the first one, so that two
        // trainers in one JVM (the replicas of a TaskManager) with one thread each ran their steps one at a time
        ConfigProto.Builder proto = ConfigProto.newBuilder().setUsePerSessionThreads(true);
        if (config.intraOpThreads() > 0) {
            proto.setIntraOpParallelismThreads(config.intraOpThreads());
        }
        if (config.interOpThreads() > 0) {
            proto.setInterOpParallelismThreads(config.interOpThreads());
        }
        if (!config.graphOptimization()) {
            proto.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
        }
        return proto.build();
    }

    public TrainerConfig config() {
        return config;
    }

    /**
     * One DRS (W) step on {@code batch}. A batch whose loss or any gradient is NaN or infinite changes no weight,
     * moment or statistic: it is skipped, counted ({@link #skippedBatches()}) and logged with its event ids.
     * Its values' sightings still count toward admission.
     */
    public TrainStepResult train(List<Example> batch) {
        return train(batch, List.of());
    }

    /**
     * Scores {@code scored} as {@link #predict} would now, then takes the DRS step on {@code batch}, in one run
     * (test, then train: the step's writes wait for the scores). Cheaper than the two calls: one run, and the
     * scores share its dense weights' reads. Their predictions are in the result.
     */
    public TrainStepResult train(List<Example> batch, List<Example> scored) {
        long started = System.nanoTime();
        EncodedBatch scoring = scored.isEmpty() ? null : encoder.encodeForScoring(scored); // before this batch's counts
        int[] scoredRows = scoring == null ? new int[0] : scoring.rows();
        int[] scoredIndex = scoring == null ? new int[0] : scoring.firstIndex();
        List<Example> validation = stepValidation();
        EncodedBatch encoded = encoder.encodeTraining(batch, validation);
        long t = state.step;
        TrainStep<?> op = stepFor(validation);
        double loss;
        boolean finite;
        float[] itemInputs = items == null ? null : items.inputsThenCount(batch); // from the counts before this batch's labels
        float[] predictions = new float[scored.size() * outputs()];
        List<String> nonFinite = List.of();
        try (Feed feed = stepFeed(t, op, encoded).profiledBy(profile, RunProfile.Kind.TRAINING_STEP, started)) {
            feed.ints(g.scoredRows, scoredRows, scoredRows.length);
            feed.ints(g.scoredIndex, scoredIndex, scored.size(), config.fieldCount());
            feed.runner().fetch(op.loss).fetch(op.finite).fetch(op.meanWeights).fetch(g.scoredPredictions).addTarget(op.update);
            feedContext(feed, g.train, itemInputs);
            try (Result result = feed.run()) {
                loss = Feed.scalar(result.get(0));
                finite = ((TBool) result.get(1)).getBoolean();
                if (finite) {
                    state.meanWeights = Feed.doubles(result.get(2));
                }
                result.get(3).asRawTensor().data().asFloats().read(predictions);
            }
            if (!finite) {
                nonFinite = nonFiniteEvents(batch, feed, op);
                LOG.warn("skipped training batch at step {}: loss {} or a gradient is not finite; nothing was updated. "
                                + "{} of {} examples have a non-finite loss: {}; batch event ids: {}",
                        state.step, loss, nonFinite.size(), batch.size(), nonFinite, batch.stream().map(Example::eventId).toList());
            }
        }
        if (finite) {
            state.step++;
            int[] trainedRows = encoded.firstRows();
            state.markUpdated(trainedRows);
            if (replica != null) {
                replica.stepped(trainedRows);
            }
            state.lastBatch = List.copyOf(batch);
            state.lastBatchStep = t;
            state.lastBatchItemInputs = itemInputs;
        } else {
            state.skippedBatches++;
        }
        return new TrainStepResult(state.step, loss, !finite, nonFinite, predictions);
    }

    /** The events of a skipped batch whose own weighted loss is not finite (a second, read-only run). */
    private List<String> nonFiniteEvents(List<Example> batch, Feed feed, TrainStep<?> op) {
        double[] perExample;
        try (Result result = feed.rerun().fetch(op.exampleLosses).run()) {
            perExample = Feed.doubles(result.get(0));
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < perExample.length; i++) {
            if (!Double.isFinite(perExample[i])) {
                events.add(batch.get(i).eventId());
            }
        }
        return events;
    }

    /** From now on, counts where the time of training and controller steps goes in {@code profile} (one run in ten is traced, and slower). */
    public void profileRuns(RunProfile profile) {
        this.profile = profile;
    }

    /**
     * Whether the method has controller steps (it learns loss weights, or weighs examples by a validation batch: l2rw) and
     * one is due after the DRS step just taken (every f-th).
     */
    public boolean controllerDue() {
        return config.method().hasControllerSteps() && !state.controllerFrozen && state.step > 0 && state.step % config.controllerEvery() == 0
                && state.lastControllerAt != state.step;
    }

    /**
     * One step of the loss weights V on {@code validationBatch} (ignored by {@code slf}, which validates on the
     * training batch), using the last training batch, with the temperature and noise that batch was trained with.
     * l2rw has no V: the batch becomes the one its DRS steps weigh their examples by from now on. item-trust has none
     * either: the batch's trusted labels are counted for its items.
     */
    public ControllerStepResult trainController(List<Example> validationBatch) {
        if (g.controllerStep == null && config.method().hasControllerSteps()) {
            return takeValidationBatch(validationBatch);
        }
        long started = System.nanoTime();
        ControllerStep<?> op = requireController();
        List<Example> validation = validationSet(validationBatch);
        double validationLoss;
        double objective;
        boolean finite;
        try (Feed feed = controllerFeed(validation).profiledBy(profile, RunProfile.Kind.CONTROLLER_STEP, started)) {
            feed.runner().fetch(op.validationLoss).fetch(op.objective).fetch(op.finite).addTarget(op.update);
            try (Result result = feed.run()) {
                validationLoss = Feed.scalar(result.get(0));
                objective = Feed.scalar(result.get(1));
                finite = ((TBool) result.get(2)).getBoolean();
            }
        }
        state.lastControllerAt = state.step;
        if (items != null) {
            items.countTrusted(validation); // after the step: a mixed objective's validation inputs exclude this batch's labels
        }
        if (finite) {
            state.controllerSteps++;
        } else {
            state.skippedControllerSteps++;
            LOG.warn("skipped controller step after DRS step {}: objective {} or a gradient is not finite; V was not updated. Validation event ids: {}",
                    state.step, objective, validation.stream().map(Example::eventId).toList());
        }
        return new ControllerStepResult(state.controllerSteps, validationLoss, objective, !finite);
    }

    /**
     * The controller step of a method without V: l2rw keeps {@code validationBatch} for the DRS steps to come (and in
     * snapshots); item-trust counts its trusted labels. The result has l2rw's validation loss at the current weights
     * (else NaN) and no objective (NaN); the controller steps counted stay 0.
     */
    private ControllerStepResult takeValidationBatch(List<Example> validationBatch) {
        double validationLoss = Double.NaN;
        if (g.alignment != null) {
            try (Feed feed = validationFeed(validationBatch); Result result = feed.runner().fetch(g.alignment.validationLoss).run()) {
                validationLoss = Feed.scalar(result.get(0));
            }
            state.validationBatch = List.copyOf(validationBatch);
        }
        if (items != null) {
            items.countTrusted(validationBatch);
        }
        state.lastControllerAt = state.step;
        return new ControllerStepResult(state.controllerSteps, validationLoss, Double.NaN, false);
    }

    /** l2rw: each example's validation criterion at the current weights, dropout off, with the batch's own statistics. */
    double[] validationCriterion(List<Example> batch) {
        try (Feed feed = validationFeed(batch); Result result = feed.runner().fetch(g.alignment.validationLosses).run()) {
            return Feed.doubles(result.get(0));
        }
    }

    /** The {@code [B * n]} weights a DRS step on {@code batch} would give its examples now; nothing is changed or counted. */
    double[] exampleWeights(List<Example> batch) {
        List<Example> validation = stepValidation();
        TrainStep<?> op = stepFor(validation);
        try (Feed feed = stepFeed(state.step, op, encoder.encodeTogether(batch, validation)); Result result = feed.runner().fetch(op.exampleWeights).run()) {
            return Feed.doubles(result.get(0));
        }
    }

    /** The validation batch a DRS step weighs its examples by: l2rw's latest, or none. */
    private List<Example> stepValidation() {
        return g.alignment == null || state.validationBatch == null ? List.of() : state.validationBatch;
    }

    private TrainStep<?> stepFor(List<Example> validation) {
        return validation.isEmpty() ? g.trainStep : g.alignedStep;
    }

    /** A DRS step's run at step index {@code t}: the encoded training batch, and the validation batch of an l2rw step. */
    private Feed stepFeed(long t, TrainStep<?> op, EncodedBatch encoded) {
        Feed feed = runFeed(t);
        feed.ints(g.rows, encoded.rows(), encoded.rows().length);
        feedBatch(feed, g.train, encoded.firstIndex(), encoded.firstLabels());
        if (op == g.alignedStep) {
            feedBatch(feed, g.validation, encoded.secondIndex(), encoded.secondLabels());
            feed.ints(g.trainingRowCount, new int[] {encoded.firstRowCount()});
        }
        feed.scalar(op.adam.beta1Power(), Adam.power(Adam.BETA1, t + 1)).scalar(op.adam.beta2Power(), Adam.power(Adam.BETA2, t + 1));
        return feed;
    }

    /** A run that reads {@code batch} as the validation batch, alone; nothing counted. */
    private Feed validationFeed(List<Example> batch) {
        EncodedBatch encoded = encoder.encodeTogether(batch, List.of());
        Feed feed = new Feed(session, g.net.type());
        feed.ints(g.rows, encoded.rows(), encoded.rows().length);
        feedBatch(feed, g.validation, encoded.firstIndex(), encoded.firstLabels());
        return feed;
    }

    /** {@code grad_V S} of a controller step on {@code validationBatch}, flattened in parameter order; V is not changed. */
    double[] controllerGradient(List<Example> validationBatch) {
        ControllerStep<?> op = requireController();
        try (Feed feed = controllerFeed(validationSet(validationBatch))) {
            op.gradient.operands().forEach(feed.runner()::fetch);
            try (Result result = feed.run()) {
                List<double[]> parts = new ArrayList<>();
                for (int i = 0; i < result.size(); i++) {
                    parts.add(Feed.doubles(result.get(i)));
                }
                return parts.stream().flatMapToDouble(Arrays::stream).toArray();
            }
        }
    }

    /** The validation loss at the unrolled weights {@code W - xi grad_W L_train(W, V)} for the current V; nothing is changed. */
    double unrolledValidationLoss(List<Example> validationBatch) {
        ControllerStep<?> op = requireController();
        try (Feed feed = controllerFeed(validationSet(validationBatch))) {
            feed.runner().fetch(op.validationLoss);
            try (Result result = feed.run()) {
                return Feed.scalar(result.get(0));
            }
        }
    }

    /** {@code [B * n]} the weights of the last training batch's examples that a controller step on {@code validationBatch} differentiates; nothing is changed. */
    double[] controllerWeights(List<Example> validationBatch) {
        ControllerStep<?> op = requireController();
        try (Feed feed = controllerFeed(validationSet(validationBatch)); Result result = feed.runner().fetch(op.weights).run()) {
            return Feed.doubles(result.get(0));
        }
    }

    private List<Example> validationSet(List<Example> validationBatch) {
        return config.method().usesTrainingBatchAsValidation() ? state.lastBatch : validationBatch;
    }

    /** A controller-step run on the last training batch and {@code validation}, at the noise and temperature that batch was trained with. */
    private Feed controllerFeed(List<Example> validation) {
        ControllerStep<?> op = g.controllerStep;
        EncodedBatch encoded = encoder.encodeTogether(state.lastBatch, validation);
        long t = state.controllerSteps;
        Feed feed = runFeed(state.lastBatchStep);
        feed.ints(g.rows, encoded.rows(), encoded.rows().length);
        feedBatch(feed, g.train, encoded.firstIndex(), encoded.firstLabels());
        feedBatch(feed, g.validation, encoded.secondIndex(), encoded.secondLabels());
        feedContext(feed, g.train, state.lastBatchItemInputs); // the statistics its DRS step saw
        feedContext(feed, g.validation, items == null ? null : items.inputs(validation));
        feed.scalar(op.xi, config.xi());
        feed.scalar(op.adam.beta1Power(), Adam.power(Adam.BETA1, t + 1)).scalar(op.adam.beta2Power(), Adam.power(Adam.BETA2, t + 1));
        return feed;
    }

    private ControllerStep<?> requireController() {
        if (g.controllerStep == null) {
            throw new IllegalStateException("method " + config.method().cliName() + " learns no loss weights: there is no controller step");
        }
        if (state.controllerFrozen) {
            throw new IllegalStateException("the loss controller is frozen (loaded with freezeController): it takes no steps");
        }
        if (state.lastBatch == null) {
            throw new IllegalStateException("a controller step needs a training batch first: call train()");
        }
        return g.controllerStep;
    }

    /** Predictions in inference mode (no dropout, BatchNorm running statistics), row-major {@code [n * outputs()]}. */
    public float[] predict(List<Example> batch) {
        if (batch.isEmpty()) {
            return new float[0];
        }
        EncodedBatch encoded = encoder.encodeForScoring(batch);
        try (Feed feed = new Feed(session, g.net.type())) {
            feed.ints(g.rows, encoded.rows(), encoded.rows().length);
            feed.ints(g.train.index(), encoded.firstIndex(), batch.size(), config.fieldCount());
            feed.runner().fetch(g.predictions);
            try (Result result = feed.run()) {
                float[] out = new float[batch.size() * outputs()];
                result.get(0).asRawTensor().data().asFloats().read(out);
                return out;
            }
        }
    }

    /** 1 for binary (the probability of 1) and regression (the value), K class probabilities for multiclass. */
    public int outputs() {
        return OutputHead.outputs(config.task(), config.classes());
    }

    /** DRS steps taken (skipped batches not counted). */
    public long step() {
        return state.step;
    }

    public long skippedBatches() {
        return state.skippedBatches;
    }

    public long controllerSteps() {
        return state.controllerSteps;
    }

    public long skippedControllerSteps() {
        return state.skippedControllerSteps;
    }

    /** The mean weight of each candidate loss over the last training batch (candidate order). */
    public double[] meanLossWeights() {
        return state.meanWeights.clone();
    }

    public List<String> candidateNames() {
        return g.candidates.names();
    }

    /** {@link #meanLossWeights()} by candidate name, in candidate order. */
    public Map<String, Double> lossWeights() {
        Map<String, Double> weights = new LinkedHashMap<>();
        double[] means = state.meanWeights;
        List<String> names = candidateNames();
        for (int i = 0; i < Math.min(means.length, names.size()); i++) {
            weights.put(names.get(i), means[i]);
        }
        return weights;
    }

    /** The Gumbel-softmax temperature the next DRS step will use. */
    public double temperature() {
        return config.temperature().at(state.step);
    }

    /** Every variable, optimiser moment, counter, the admission counts and the last training batch; see {@link TrainerSnapshots}. */
    public byte[] saveState() {
        return TrainerSnapshots.save(this);
    }

    /**
     * Replaces all state with a snapshot from {@link #saveState()} of a trainer with the same state shape
     * ({@link TrainerConfig#stateShape()}); this trainer then continues exactly where that one stopped.
     *
     * @throws dev.autoloss.model.snapshot.CorruptSnapshotException when the bytes are damaged
     * @throws IllegalArgumentException when the snapshot is of a differently shaped trainer
     */
    public void restoreState(byte[] snapshot) {
        TrainerSnapshots.restore(this, Snapshot.read(snapshot));
    }

    /**
     * Everything changed since DRS step {@code sinceStep} (changed table rows with their optimiser state, every
     * other variable, counters, admission counts): with the full snapshot or increment taken at that step, enough
     * to resume training here ({@link #applyIncrement}). Far smaller than {@link #saveState()} when few rows changed.
     */
    public byte[] saveIncrement(long sinceStep) {
        return TrainerSnapshots.saveIncrement(this, sinceStep);
    }

    /**
     * Applies an increment from {@link #saveIncrement} of a trainer with the same state shape to this trainer, which
     * must be at the increment's base step (restored from the snapshot it was taken on, and the increments between).
     *
     * @throws dev.autoloss.model.snapshot.CorruptSnapshotException when the bytes are damaged
     * @throws IllegalArgumentException when it is not an increment on this trainer's step and shape
     */
    public void applyIncrement(byte[] increment) {
        TrainerSnapshots.applyIncrement(this, Snapshot.read(increment));
    }

    /**
     * The table rows changed since DRS step {@code sinceStep} (e.g. that of the last full snapshot published), every
     * dense weight and running statistic, and the admission counts: enough to bring a scoring copy from that step to
     * this one with {@link #applyDelta}. Not for resuming training (no optimiser state).
     */
    public byte[] saveDelta(long sinceStep) {
        return DeltaSnapshots.save(this, sinceStep);
    }

    /**
     * Brings this (scoring) copy up to the step of a delta written by a trainer of the same state shape, if this
     * copy is at a step between the delta's base step and its step.
     */
    public void applyDelta(byte[] delta) {
        DeltaSnapshots.apply(this, Snapshot.read(delta));
    }

    /**
     * Makes this trainer one of several data-parallel replicas of a model, or the merged copy of theirs: from now on its
     * own steps' changes are kept apart ({@link #takeReplicaDelta()}), and the other replicas' deltas are added to it
     * ({@link #addReplicaDelta}). Its current state is the starting point: call again after restoring a snapshot.
     * Costs memory for a copy of the table's weights.
     *
     * @param replicas how many replicas train the model (their dense weights are averaged)
     */
    public void startReplica(int replicas) {
        if (replica == null) {
            replica = new ReplicaSync(this, session, replicas);
        } else {
            replica.reset();
        }
    }

    /**
     * The changes this replica's own DRS steps made since its last delta (or {@link #startReplica()}): table rows,
     * dense weights, running statistics, the controller's weights and the admission counts, with the number of steps.
     */
    public byte[] takeReplicaDelta() {
        return requireReplica().take();
    }

    /**
     * Adds another replica's delta to this replica (or merged copy): its weights and admission counts gain the other's
     * changes, and the step counter its steps, so that snapshots and deltas taken later carry the rows it changed.
     */
    public void addReplicaDelta(byte[] delta) {
        requireReplica().add(Snapshot.read(delta));
    }

    /** The DRS steps a replica delta holds, without adding it. */
    public static long replicaDeltaSteps(byte[] delta) {
        return Snapshot.read(delta).counter(ReplicaSync.STEPS);
    }

    private ReplicaSync requireReplica() {
        if (replica == null) {
            throw new IllegalStateException("this trainer is not a replica: call startReplica() first");
        }
        return replica;
    }

    /** The loss controller's weights V alone, to train another model or dataset with them frozen. */
    public byte[] saveController() {
        return ControllerSnapshots.save(this);
    }

    /**
     * Loads a controller saved by {@link #saveController()} (same weighting, task, classes and candidates) and keeps
     * it fixed from now on: {@link #controllerDue()} stays false. The frozen state is part of snapshots.
     */
    public void freezeController(byte[] controller) {
        ControllerSnapshots.freeze(this, Snapshot.read(controller));
    }

    /** Whether V was loaded with {@link #freezeController} and is not trained. */
    public boolean controllerFrozen() {
        return state.controllerFrozen;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }

    // ---- package-private access for snapshots and tests ----

    TrainerGraph<?> graph() {
        return g;
    }

    VariableStore variables() {
        return variables;
    }

    TrainerState state() {
        return state;
    }

    CountMinSketch sketch() {
        return admission.sketch();
    }

    /** null where the method sees no item statistics */
    ItemStatistics itemStatistics() {
        return items;
    }

    List<Param<?>> allParams() {
        return new ArrayList<>(g.net.params());
    }

    private Feed runFeed(long stepIndex) {
        Feed feed = new Feed(session, g.net.type());
        feed.longs(g.net.runSeed(), state.seed, stepIndex);
        feed.scalar(g.temperature, config.temperature().at(stepIndex));
        feed.scalar(g.dropRate, config.tceDropRate().at(stepIndex));
        return feed;
    }

    /** {@code [B * k]} context of a batch's examples for the weighting, where the method has one (null: none). */
    private void feedContext(Feed feed, TrainerGraph.BatchInput<?> input, float[] context) {
        if (context != null) {
            feed.floats(input.context(), context, context.length / ItemStatistics.INPUTS, ItemStatistics.INPUTS);
        }
    }

    private void feedBatch(Feed feed, TrainerGraph.BatchInput<?> input, int[] index, float[] labels) {
        feed.ints(input.index(), index, labels.length, config.fieldCount());
        feed.floats(input.labels(), labels);
    }

    @Override
    public String toString() {
        return "Trainer[" + config.model().cliName() + "/" + config.method().cliName() + ", step " + state.step + ", weights " + Arrays.toString(state.meanWeights) + "]";
    }
}
