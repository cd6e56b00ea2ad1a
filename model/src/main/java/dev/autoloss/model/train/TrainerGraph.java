package dev.autoloss.model.train;

import dev.autoloss.model.drs.DrsModel;
import dev.autoloss.model.drs.ModelShape;
import dev.autoloss.model.drs.Net;
import dev.autoloss.model.drs.OutputHead;
import dev.autoloss.model.drs.Parameters;
import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.drs.WeightValues;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.loss.CandidateSet;
import dev.autoloss.model.loss.LossInputs;
import dev.autoloss.model.search.FakeNegativeWeights;
import dev.autoloss.model.search.FalseClickCorrection;
import dev.autoloss.model.search.FixedWeights;
import dev.autoloss.model.search.GlobalWeights;
import dev.autoloss.model.search.LossController;
import dev.autoloss.model.search.LossScaleController;
import dev.autoloss.model.search.LossWeighting;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.search.ReweightedPositives;
import dev.autoloss.model.search.TruncatedPositives;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Everything a trainer runs, built once: the recommender (W) and the loss weighting (V) over shared
 * parameters, the batch inputs, and the ops of the three kinds of run (training step, controller step,
 * inference).
 */
final class TrainerGraph<T extends TFloating> {

    /** keeps a norm or a mean that divides off zero */
    static final double TINY = 1e-30;

    /**
     * One batch's inputs: {@code [B, F]} positions among the fed rows, {@code [B]} labels, and {@code [B, k]} the
     * examples' context for the weighting (autoloss-item's item statistics; fed only where the weighting reads it).
     */
    record BatchInput<T extends TFloating>(Placeholder<TInt32> index, Placeholder<T> labels, Placeholder<T> context) {}

    /** A forward pass over one batch: predictions {@code [B, outputs]} and what the losses read. */
    record Forward<T extends TFloating>(Operand<T> predictions, LossInputs<T> losses) {}

    final TrainerConfig config;
    final Net<T> net;
    final Parameters<T> drs;
    final Parameters<T> controller;
    final DrsModel<T> model;
    final CandidateSet candidates;
    final LossWeighting<T> weighting;
    /** the distinct table rows of the fed batch(es) */
    final Placeholder<TInt32> rows;
    /** the training batch */
    final BatchInput<T> train;
    /** the validation batch of a controller step, or of an l2rw step */
    final BatchInput<T> validation;
    /** how many of the fed rows (the first) the training batch uses: an l2rw step's validation batch adds its own after them */
    final Placeholder<TInt32> trainingRowCount;
    final Placeholder<T> temperature;
    /** T-CE's drop rate at the step being run */
    final Placeholder<T> dropRate;
    /** the examples scored in a training step's run before it writes (test, then train): their own rows and positions */
    final Placeholder<TInt32> scoredRows;
    final Placeholder<TInt32> scoredIndex;
    /** {@code [S, outputs]} their predictions in inference mode, as float32 */
    final Operand<TFloat32> scoredPredictions;
    final TrainStep<T> trainStep;
    /** l2rw's weights from a validation batch, and its step with them (once it has one); null for other methods */
    final ValidationAlignment<T> alignment;
    final TrainStep<T> alignedStep;
    final ControllerStep<T> controllerStep;
    /** {@code [B, outputs]} predictions in inference mode, as float32 whatever the precision */
    final Operand<TFloat32> predictions;

    TrainerGraph(Graph graph, Class<T> type, TrainerConfig config) {
        this.config = config;
        this.net = new Net<>(graph, type, config.seed());
        this.drs = new Parameters<>(net, "drs", Adam.TABLE_SLOTS);
        this.controller = new Parameters<>(net, "controller");
        Task task = config.task();
        this.model = config.model().build(drs, new ModelShape(config.fieldCount(), (long) config.tableRows() + config.fieldCount(),
                config.embeddingDim(), config.hidden(), config.dropout(), OutputHead.outputs(task, config.classes())));
        this.candidates = new CandidateSet(task, config.candidates());
        this.dropRate = net.scalarInput("drop_rate");
        this.weighting = weighting(config, controller, candidates.size(), dropRate);
        Ops tf = net.tf();
        this.rows = tf.withName("rows").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        this.train = batchInput("train");
        this.validation = batchInput("validation");
        this.trainingRowCount = tf.withName("training_row_count").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
        this.temperature = net.scalarInput("temperature");
        this.scoredRows = tf.withName("scored_rows").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        this.scoredIndex = tf.withName("scored_index").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, config.fieldCount())));
        this.scoredPredictions = inferencePredictions(scoredRows, scoredIndex);
        Adam<T> adam = new Adam<>(drs, config.learningRate());
        Pass<T> controllerPass = Pass.training(WeightValues.read(controller, null));
        this.trainStep = new TrainStep<>(this, adam, WeightValues.read(drs, rows),
                forward -> weighting.weights(controllerPass, forward.losses(), temperature), null);
        if (config.method() == Method.L2RW) {
            WeightValues<T> w = WeightValues.read(drs, rows);
            this.alignment = new ValidationAlignment<>(this, w);
            this.alignedStep = new TrainStep<>(this, adam, w, forward -> alignment.weights, trainingRowCount);
        } else {
            this.alignment = null;
            this.alignedStep = null;
        }
        this.controllerStep = config.method().learnsWeights()
                ? new ControllerStep<>(this, new Adam<>(controller, config.controllerLearningRate()))
                : null;
        this.predictions = inferencePredictions(rows, train.index());
    }

    /** {@code [B, outputs]} predictions in inference mode (no dropout, BatchNorm running statistics), as float32. */
    private Operand<TFloat32> inferencePredictions(Operand<TInt32> tableRows, Operand<TInt32> index) {
        Pass<T> inference = Pass.inference(WeightValues.read(drs, tableRows));
        return net.tf().dtypes.cast(OutputHead.predictions(net, config.task(), model.logits(inference, index)), TFloat32.class);
    }

    private static <T extends TFloating> LossWeighting<T> weighting(TrainerConfig config, Parameters<T> controller, int candidates,
            Operand<T> dropRate) {
        Method method = config.method();
        return switch (method) {
            // l2rw before its first validation batch: plain ce
            case CE, FOCAL, KL, HINGE, MSE, MAE, HUBER, AL1, L2RW -> new FixedWeights<>(candidates);
            case TCE -> new TruncatedPositives<>(dropRate, candidates);
            case RCE -> new ReweightedPositives<>(config.rceExponent(), candidates);
            case FNW -> new FakeNegativeWeights<>(candidates);
            case DARTS -> new GlobalWeights<>(controller, candidates);
            case AL2, SLF, AUTOLOSS -> new LossController<>(controller, LossInputs.controllerFeatureCount(config.task(), config.classes()),
                    candidates, config.controllerHidden(), config.controllerDropout(), method != Method.AL2);
            case ITEM_TRUST -> new FalseClickCorrection<>(ItemStatistics.FALSE_CLICK_RATE, candidates);
            case AUTOLOSS_SCALE, AUTOLOSS_ITEM -> new LossScaleController<>(controller, LossInputs.controllerFeatureCount(config.task(), config.classes()),
                    contextWidth(config), config.controllerHidden(), config.controllerDropout());
        };
    }

    private BatchInput<T> batchInput(String name) {
        Ops tf = net.tf();
        return new BatchInput<>(
                tf.withName(name + "_index").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, config.fieldCount()))),
                tf.withName(name + "_labels").placeholder(net.type(), Placeholder.shape(Shape.of(-1))),
                tf.withName(name + "_context").placeholder(net.type(), Placeholder.shape(Shape.of(-1, contextWidth(config)))));
    }

    /** Width of each example's context: the item statistics' inputs for a method that sees them, else none. */
    static int contextWidth(TrainerConfig config) {
        return config.method().seesItemStatistics() ? ItemStatistics.INPUTS : 0;
    }

    Forward<T> forward(Pass<T> pass, BatchInput<T> batch) {
        Operand<T> predictions = OutputHead.predictions(net, config.task(), model.logits(pass, batch.index()));
        return new Forward<>(predictions, LossInputs.of(net, config.task(), config.classes(), predictions, batch.labels()).withContext(batch.context()));
    }

    /**
     * {@code [B, n]} the directional derivative along {@code direction} of each training example's candidate losses at
     * W, {@code (l(W + eps v) - l(W - eps v)) / (2 eps)}, {@code eps = directionStep / ||v||}, from two passes built
     * directly on the perturbed weights (W itself is never modified), dropout off, with the BatchNorm statistics that
     * {@code atW} recorded on the training batch held constant, so that both differentiate the same function.
     */
    Operand<T> directionalDerivatives(Pass<T> atW, WeightValues<T> w, WeightValues<T> direction) {
        Ops tf = net.tf();
        Operand<T> eps = tf.math.div(net.constant(config.directionStep()), tf.math.sqrt(tf.math.maximum(direction.squaredNorm(), net.constant(TINY))));
        Operand<T> plus = candidates.perExample(forward(atW.sameStatisticsAt(w.plusScaled(eps, direction)), train).losses());
        Operand<T> minus = candidates.perExample(forward(atW.sameStatisticsAt(w.plusScaled(tf.math.neg(eps), direction)), train).losses());
        return tf.math.div(tf.math.sub(plus, minus), tf.math.mul(net.constant(2), eps));
    }

    /** The mean over the batch of {@code sum_i w_bi l_bi}. */
    Operand<T> weightedMean(Operand<T> weights, Operand<T> losses) {
        Ops tf = net.tf();
        return tf.math.mean(tf.reduceSum(tf.math.mul(weights, losses), tf.constant(1)), tf.constant(0));
    }
}
