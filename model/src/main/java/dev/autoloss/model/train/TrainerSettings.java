package dev.autoloss.model.train;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.loss.CandidateLoss;
import dev.autoloss.model.search.ControllerObjective;
import dev.autoloss.model.search.DropRate;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.search.Temperature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every trainer setting, each declared once, in this order in help, reports and the README (docs/algorithm.md
 * explains them). A new setting is one more declaration here; {@link TrainerConfig} gets a getter if the trainer
 * reads it.
 */
public final class TrainerSettings {

    /** Counters saturate at this, so admission thresholds above it cannot be counted. */
    public static final int MAX_MIN_COUNT = 255;

    private static final List<TrainerSetting<?>> ALL = new ArrayList<>();

    private static final SettingType<Double> NUMBER = SettingType.DOUBLE;
    private static final SettingType<Temperature> SCHEDULE = new SettingType<>("START,DECAY,MIN", List.of(), text -> {
        List<Double> v = SettingType.listOf(NUMBER).parse(text);
        if (v.size() != 3) {
            throw new IllegalArgumentException("'" + text + "' is not three numbers START,DECAY,MIN");
        }
        return new Temperature(v.get(0), v.get(1), v.get(2));
    }, t -> t.start() + "," + t.decay() + "," + t.min(), t -> t);
    private static final SettingType<DropRate> RAMP = new SettingType<>("MAX,STEPS", List.of(), text -> {
        String[] parts = text.split(",", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not two numbers MAX,STEPS");
        }
        return new DropRate(NUMBER.parse(parts[0]), SettingType.LONG.parse(parts[1]));
    }, r -> r.max() + "," + r.steps(), r -> r);

    public static final TrainerSetting<ModelKind> MODEL = declare(TrainerSetting.of("model",
            SettingType.named(ModelKind.values(), ModelKind::cliName, "model"), ModelKind.DEEPFM, "the recommender model"));
    public static final TrainerSetting<Task> TASK = declare(TrainerSetting.of("task",
            SettingType.named(Task.values(), Task::cliName, "task"), Task.BINARY, "what the label is").decidedByData());
    public static final TrainerSetting<Integer> CLASSES = declare(TrainerSetting.of("classes", SettingType.INT, 1,
            "K for multiclass, 1 otherwise").decidedByData());
    public static final TrainerSetting<Integer> FIELD_COUNT = declare(TrainerSetting.of("fieldCount", SettingType.INT, 0,
            "feature fields of the data").require(v -> v > 0, "must be positive (the number of feature fields)").decidedByData());
    public static final TrainerSetting<Integer> TABLE_ROWS = declare(TrainerSetting.of("tableRows", SettingType.INT, 1 << 20,
            "rows of the hashed embedding table; one rare row per field comes on top").require(v -> v > 0, "must be positive"));
    public static final TrainerSetting<Integer> EMBEDDING_DIM = declare(TrainerSetting.of("embeddingDim", SettingType.INT, 16,
            "embedding size of every feature").require(v -> v > 0, "must be positive"));
    public static final TrainerSetting<List<Integer>> HIDDEN = declare(widths("hidden", "the model's MLP layer widths"));
    public static final TrainerSetting<Double> DROPOUT = declare(rate("dropout", "dropout rate of the model's MLP"));
    public static final TrainerSetting<Double> LEARNING_RATE = declare(positive("learningRate", 1e-3, "Adam learning rate of the model"));
    /** docs/algorithm.md, "Bi-level optimisation" */
    public static final TrainerSetting<Double> WEIGHT_DECAY = declare(TrainerSetting.of("weightDecay", NUMBER, 1e-6,
            "L2 weight decay of the model's weights").require(v -> v >= 0 && Double.isFinite(v), "must be finite and >= 0"));
    public static final TrainerSetting<Integer> BATCH_SIZE = declare(TrainerSetting.of("batchSize", SettingType.INT, 2000,
            "training events per mini-batch (and validation events per controller step)").require(v -> v > 0, "must be positive"));
    public static final TrainerSetting<Method> METHOD = declare(TrainerSetting.of("method",
            SettingType.named(Method.values(), Method::cliName, "method"), Method.AUTOLOSS, "the loss: a fixed one, ce weighted per example (tce, rce, fnw; l2rw by a validation batch; autoloss-scale, autoloss-item by a "
                    + "learned controller; item-trust by the item's trusted labels), or a weighting of the candidates"));
    public static final TrainerSetting<List<CandidateLoss>> CANDIDATES = declare(TrainerSetting.of("candidates",
                    SettingType.listOf(SettingType.named(CandidateLoss.values(), CandidateLoss::cliName, "loss")), null,
                    "the losses a weighting method mixes; ignored by the methods of one loss (fixed, tce, rce, fnw, l2rw, autoloss-scale, autoloss-item, item-trust)")
            .require(v -> !v.isEmpty() && v.stream().distinct().count() == v.size(), "must name losses, each once")
            .defaultIs("the task's: focal,kl,hinge,ce, or mse,mae,huber for regression"));
    public static final TrainerSetting<ControllerObjective> CONTROLLER_OBJECTIVE = declare(TrainerSetting.of("controllerObjective",
            SettingType.named(ControllerObjective.values(), ControllerObjective::cliName, "objective"), ControllerObjective.UNROLLED,
            "what a controller step minimises (docs/algorithm.md)"));
    public static final TrainerSetting<Double> CONTROLLER_LEARNING_RATE = declare(positive("controllerLearningRate", 1e-3,
            "Adam learning rate of the controller"));
    public static final TrainerSetting<List<Integer>> CONTROLLER_HIDDEN = declare(widths("controllerHidden", "the controller's MLP layer widths"));
    public static final TrainerSetting<Double> CONTROLLER_DROPOUT = declare(rate("controllerDropout", "dropout rate of the controller's MLP"));
    public static final TrainerSetting<Integer> CONTROLLER_EVERY = declare(TrainerSetting.of("controllerEvery", SettingType.INT, 7,
            "a controller step after every this many model steps (l2rw: a new validation batch)").require(v -> v > 0, "must be positive"));
    public static final TrainerSetting<Double> XI = declare(TrainerSetting.of("xi", NUMBER, Double.NaN,
                    "virtual step size of the unrolled hypergradient")
            .require(v -> Double.isNaN(v) || (v >= 0 && Double.isFinite(v)), "must be finite and >= 0").defaultIs("the learning rate"));
    /** the directional derivative's step is this over {@code ||v||} (docs/algorithm.md) */
    public static final TrainerSetting<Double> DIRECTION_STEP = declare(positive("directionStep", 0.01,
            "step of the directional derivatives (hypergradient, l2rw) in weight space, over ||v||"));
    public static final TrainerSetting<Temperature> TEMPERATURE = declare(TrainerSetting.of("temperature", SCHEDULE, Temperature.paper(),
                    "Gumbel-softmax temperature after t steps: max(MIN, START - DECAY t)")
            .require(t -> t.min() > 0 && t.start() >= t.min() && t.decay() >= 0, "needs 0 < MIN <= START and DECAY >= 0"));
    /** docs/algorithm.md, "Baselines for noisy and delayed labels" */
    public static final TrainerSetting<DropRate> TCE_DROP_RATE = declare(TrainerSetting.of("tceDropRate", RAMP, DropRate.standard(),
                    "tce: share of a batch's positives with the largest loss dropped, rising linearly from 0 to MAX over STEPS model steps")
            .require(r -> r.max() >= 0 && r.max() < 1 && r.steps() >= 0, "needs 0 <= MAX < 1 and STEPS >= 0"));
    public static final TrainerSetting<Double> RCE_EXPONENT = declare(TrainerSetting.of("rceExponent", NUMBER, 0.25,
            "rce: a positive's loss is weighted by its predicted probability to this power").require(v -> v >= 0 && Double.isFinite(v), "must be finite and >= 0"));
    /** docs/algorithm.md, "Controllers that see the item" */
    public static final TrainerSetting<Integer> ITEM_FIELD = declare(TrainerSetting.of("itemField", SettingType.INT, -1,
                    "autoloss-item, item-trust: the feature field (0-based) whose value is the item, whose running label statistics the weights read")
            .require(v -> v >= -1, "must be a field index (0-based), or -1 for none").defaultIs("none (-1)"));
    public static final TrainerSetting<Integer> MIN_COUNT = declare(TrainerSetting.of("minCount", SettingType.INT, 2,
            "times a value is seen before it gets its own embedding row").require(v -> v >= 1 && v <= MAX_MIN_COUNT,
            "must be in 1.." + MAX_MIN_COUNT));
    public static final TrainerSetting<Integer> SKETCH_DEPTH = declare(TrainerSetting.of("sketchDepth", SettingType.INT, 4,
            "rows of the count-min sketch that counts values").require(v -> v >= 1 && v <= 16, "must be in 1..16"));
    public static final TrainerSetting<Integer> SKETCH_WIDTH = declare(TrainerSetting.of("sketchWidth", SettingType.INT, 0,
                    "counters per sketch row, a power of two of at least 64")
            .require(v -> v == 0 || (v >= 64 && Integer.bitCount(v) == 1), "must be a power of two of at least 64 (or 0 for the table size)")
            .defaultIs("the table rows, rounded up to a power of two"));
    public static final TrainerSetting<Long> SEED = declare(TrainerSetting.of("seed", SettingType.LONG, 0L,
            "seed of the initial weights, dropout and Gumbel noise"));
    public static final TrainerSetting<Precision> PRECISION = declare(TrainerSetting.of("precision",
            SettingType.named(Precision.values(), p -> p.name().toLowerCase(Locale.ROOT), "precision"), Precision.FLOAT32,
            "number type of the graph (float64 to check gradients)"));
    public static final TrainerSetting<Integer> INTRA_OP_THREADS = declare(TrainerSetting.of("intraOpThreads", SettingType.INT, 0,
                    "TensorFlow threads within one operation, e.g. fewer than the cores when Flink and Kafka share them")
            .require(v -> v >= 0, "must be >= 0").defaultIs("0: TensorFlow's choice, the cores"));
    public static final TrainerSetting<Integer> INTER_OP_THREADS = declare(TrainerSetting.of("interOpThreads", SettingType.INT, 0,
            "TensorFlow threads running independent operations").require(v -> v >= 0, "must be >= 0").defaultIs("0: TensorFlow's choice"));
    public static final TrainerSetting<Boolean> GRAPH_OPTIMIZATION = declare(TrainerSetting.of("graphOptimization", SettingType.BOOLEAN, true,
            "let TensorFlow's Grappler rewrite each run's graph (costs seconds at the first run of each kind; false starts faster)"));

    private TrainerSettings() {}

    /** Every setting, in declaration order. */
    public static List<TrainerSetting<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The setting called {@code name}, if one is. */
    public static Optional<TrainerSetting<?>> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static <T> TrainerSetting<T> declare(TrainerSetting<T> setting) {
        ALL.add(setting);
        return setting;
    }

    private static TrainerSetting<List<Integer>> widths(String name, String description) {
        return TrainerSetting.of(name, SettingType.WIDTHS, List.of(128, 128), description)
                .require(v -> v.stream().allMatch(w -> w > 0), "must list positive layer widths");
    }

    private static TrainerSetting<Double> rate(String name, String description) {
        return TrainerSetting.of(name, NUMBER, 0.2, description).require(v -> v >= 0 && v < 1, "must be in [0, 1)");
    }

    private static TrainerSetting<Double> positive(String name, double defaultValue, String description) {
        return TrainerSetting.of(name, NUMBER, defaultValue, description).require(v -> v > 0 && Double.isFinite(v), "must be a positive number");
    }
}
