package dev.autoloss.model.train;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.loss.CandidateLoss;
import dev.autoloss.model.search.ControllerObjective;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.search.Temperature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link Trainer} is built with. Immutable; {@link #builder()} starts from docs/algorithm.md's
 * defaults, and {@link Builder#build()} validates, naming the offending setting.
 */
public final class TrainerConfig {

    public static final int DEFAULT_TABLE_ROWS = 1 << 20;
    public static final int DEFAULT_EMBEDDING_DIM = 16;
    public static final List<Integer> DEFAULT_HIDDEN = List.of(128, 128);
    public static final double DEFAULT_DROPOUT = 0.2;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** docs/algorithm.md, "Bi-level optimisation" */
    public static final double DEFAULT_WEIGHT_DECAY = 1e-6;
    public static final int DEFAULT_BATCH_SIZE = 2000;
    public static final int DEFAULT_CONTROLLER_EVERY = 7;
    public static final int DEFAULT_MIN_COUNT = 2;
    public static final int DEFAULT_SKETCH_DEPTH = 4;
    /** counters saturate at this, so admission thresholds above it cannot be counted */
    public static final int MAX_MIN_COUNT = 255;
    /** the directional derivative's step is this over {@code ||v||} (docs/algorithm.md) */
    public static final double DEFAULT_DIRECTION_STEP = 0.01;

    private final ModelKind model;
    private final Task task;
    private final int classes;
    private final int fieldCount;
    private final int tableRows;
    private final int embeddingDim;
    private final List<Integer> hidden;
    private final double dropout;
    private final double learningRate;
    private final double weightDecay;
    private final int batchSize;
    private final Method method;
    private final List<CandidateLoss> candidates;
    private final ControllerObjective controllerObjective;
    private final double controllerLearningRate;
    private final List<Integer> controllerHidden;
    private final double controllerDropout;
    private final int controllerEvery;
    private final double xi;
    private final double directionStep;
    private final Temperature temperature;
    private final int minCount;
    private final int sketchDepth;
    private final int sketchWidth;
    private final long seed;
    private final Precision precision;
    private final int intraOpThreads;
    private final int interOpThreads;
    private final boolean graphOptimization;

    private TrainerConfig(Builder b) {
        this.model = b.model;
        this.task = b.task;
        this.classes = b.classes;
        this.fieldCount = b.fieldCount;
        this.tableRows = b.tableRows;
        this.embeddingDim = b.embeddingDim;
        this.hidden = List.copyOf(b.hidden);
        this.dropout = b.dropout;
        this.learningRate = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.batchSize = b.batchSize;
        this.method = b.method;
        this.candidates = b.method.fixedLoss().map(List::of).orElseGet(() -> b.candidates == null ? CandidateLoss.defaults(b.task) : List.copyOf(b.candidates));
        this.controllerObjective = b.controllerObjective;
        this.controllerLearningRate = b.controllerLearningRate;
        this.controllerHidden = List.copyOf(b.controllerHidden);
        this.controllerDropout = b.controllerDropout;
        this.controllerEvery = b.controllerEvery;
        this.xi = Double.isNaN(b.xi) ? b.learningRate : b.xi;
        this.directionStep = b.directionStep;
        this.temperature = b.temperature;
        this.minCount = b.minCount;
        this.sketchDepth = b.sketchDepth;
        this.sketchWidth = b.sketchWidth == 0 ? Math.max(64, Integer.highestOneBit(Math.max(1, b.tableRows - 1)) << 1) : b.sketchWidth;
        this.seed = b.seed;
        this.precision = b.precision;
        this.intraOpThreads = b.intraOpThreads;
        this.interOpThreads = b.interOpThreads;
        this.graphOptimization = b.graphOptimization;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.task = task;
        b.classes = classes;
        b.fieldCount = fieldCount;
        b.tableRows = tableRows;
        b.embeddingDim = embeddingDim;
        b.hidden = hidden;
        b.dropout = dropout;
        b.learningRate = learningRate;
        b.weightDecay = weightDecay;
        b.batchSize = batchSize;
        b.method = method;
        b.candidates = method.fixedLoss().isPresent() ? null : candidates;
        b.controllerObjective = controllerObjective;
        b.controllerLearningRate = controllerLearningRate;
        b.controllerHidden = controllerHidden;
        b.controllerDropout = controllerDropout;
        b.controllerEvery = controllerEvery;
        b.xi = xi;
        b.directionStep = directionStep;
        b.temperature = temperature;
        b.minCount = minCount;
        b.sketchDepth = sketchDepth;
        b.sketchWidth = sketchWidth;
        b.seed = seed;
        b.precision = precision;
        b.intraOpThreads = intraOpThreads;
        b.interOpThreads = interOpThreads;
        b.graphOptimization = graphOptimization;
        return b;
    }

    public ModelKind model() { return model; }
    public Task task() { return task; }
    /** K for multiclass, 1 otherwise. */
    public int classes() { return classes; }
    public int fieldCount() { return fieldCount; }
    /** Rows that hashed values share; the table has {@link #fieldCount()} more, one "rare" row per field. */
    public int tableRows() { return tableRows; }
    public int embeddingDim() { return embeddingDim; }
    public List<Integer> hidden() { return hidden; }
    public double dropout() { return dropout; }
    public double learningRate() { return learningRate; }
    public double weightDecay() { return weightDecay; }
    public int batchSize() { return batchSize; }
    public Method method() { return method; }
    /** The losses mixed: the method's single loss for a fixed-loss method. */
    public List<CandidateLoss> candidates() { return candidates; }
    public ControllerObjective controllerObjective() { return controllerObjective; }
    public double controllerLearningRate() { return controllerLearningRate; }
    public List<Integer> controllerHidden() { return controllerHidden; }
    public double controllerDropout() { return controllerDropout; }
    /** f: a controller step after every f-th DRS step. */
    public int controllerEvery() { return controllerEvery; }
    /** The virtual step size of the unrolled hypergradient (the DRS learning rate unless set). */
    public double xi() { return xi; }
    /** The directional derivatives use {@code eps = directionStep / ||v||}. */
    public double directionStep() { return directionStep; }
    public Temperature temperature() { return temperature; }
    public int minCount() { return minCount; }
    public int sketchDepth() { return sketchDepth; }
    public int sketchWidth() { return sketchWidth; }
    public long seed() { return seed; }
    public Precision precision() { return precision; }
    public int intraOpThreads() { return intraOpThreads; }
    public int interOpThreads() { return interOpThreads; }
    /** Whether TensorFlow's graph optimiser (Grappler) rewrites each run's graph (costs seconds at the first run of each kind). */
    public boolean graphOptimization() { return graphOptimization; }

    /** Every setting by name, in declaration order (for logs, reports and snapshot compatibility checks). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.cliName());
        m.put("task", task.cliName());
        m.put("classes", classes);
        m.put("fieldCount", fieldCount);
        m.put("tableRows", tableRows);
        m.put("embeddingDim", embeddingDim);
        m.put("hidden", hidden);
        m.put("dropout", dropout);
        m.put("learningRate", learningRate);
        m.put("weightDecay", weightDecay);
        m.put("batchSize", batchSize);
        m.put("method", method.cliName());
        m.put("candidates", candidates.stream().map(CandidateLoss::cliName).toList());
        m.put("controllerObjective", controllerObjective.cliName());
        m.put("controllerLearningRate", controllerLearningRate);
        m.put("controllerHidden", controllerHidden);
        m.put("controllerDropout", controllerDropout);
        m.put("controllerEvery", controllerEvery);
        m.put("xi", xi);
        m.put("directionStep", directionStep);
        m.put("temperature", temperature);
        m.put("minCount", minCount);
        m.put("sketchDepth", sketchDepth);
        m.put("sketchWidth", sketchWidth);
        m.put("seed", seed);
        m.put("precision", precision.name().toLowerCase(java.util.Locale.ROOT));
        m.put("intraOpThreads", intraOpThreads);
        m.put("interOpThreads", interOpThreads);
        m.put("graphOptimization", graphOptimization);
        return m;
    }

    /**
     * The settings that fix the shape of the state (which variables exist and how big they are): a snapshot
     * restores only into a trainer with the same ones.
     */
    public String stateShape() {
        return "model=" + model.cliName() + " task=" + task.cliName() + " classes=" + classes + " fields=" + fieldCount
                + " tableRows=" + tableRows + " embeddingDim=" + embeddingDim + " hidden=" + hidden
                + " method=" + method.cliName() + " candidates=" + candidates.stream().map(CandidateLoss::cliName).toList()
                + " controllerHidden=" + controllerHidden + " minCount=" + minCount + " sketch=" + sketchDepth + "x" + sketchWidth
                + " precision=" + precision.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The settings that fix the shape of the loss weighting's parameters V: a saved controller loads only into a match. */
    public String controllerShape() {
        String kind = switch (method) {
            case DARTS -> "global";
            case AL2, SLF, AUTOLOSS -> "mlp hidden=" + controllerHidden;
            default -> "none";
        };
        return "controller=" + kind + " task=" + task.cliName() + " classes=" + classes
                + " candidates=" + candidates.stream().map(CandidateLoss::cliName).toList()
                + " precision=" + precision.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return describe().toString();
    }

    /** Settings with docs/algorithm.md's defaults; {@link #build()} checks them. */
    public static final class Builder {
        private ModelKind model = ModelKind.DEEPFM;
        private Task task = Task.BINARY;
        private int classes = 1;
        private int fieldCount;
        private int tableRows = DEFAULT_TABLE_ROWS;
        private int embeddingDim = DEFAULT_EMBEDDING_DIM;
        private List<Integer> hidden = DEFAULT_HIDDEN;
        private double dropout = DEFAULT_DROPOUT;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Method method = Method.AUTOLOSS;
        private List<CandidateLoss> candidates;
        private ControllerObjective controllerObjective = ControllerObjective.UNROLLED;
        private double controllerLearningRate = DEFAULT_LEARNING_RATE;
        private List<Integer> controllerHidden = DEFAULT_HIDDEN;
        private double controllerDropout = DEFAULT_DROPOUT;
        private int controllerEvery = DEFAULT_CONTROLLER_EVERY;
        private double xi = Double.NaN;
        private double directionStep = DEFAULT_DIRECTION_STEP;
        private Temperature temperature = Temperature.paper();
        private int minCount = DEFAULT_MIN_COUNT;
        private int sketchDepth = DEFAULT_SKETCH_DEPTH;
        private int sketchWidth;
        private long seed;
        private Precision precision = Precision.FLOAT32;
        private int intraOpThreads;
        private int interOpThreads;
        private boolean graphOptimization = true;

        private Builder() {}

        public Builder model(ModelKind v) { model = v; return this; }
        public Builder task(Task v) { task = v; return this; }
        /** K for multiclass; must be 1 for binary and regression. */
        public Builder classes(int v) { classes = v; return this; }
        public Builder fieldCount(int v) { fieldCount = v; return this; }
        public Builder tableRows(int v) { tableRows = v; return this; }
        public Builder embeddingDim(int v) { embeddingDim = v; return this; }
        public Builder hidden(List<Integer> v) { hidden = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder method(Method v) { method = v; return this; }
        /** The candidate losses (default: the task's); ignored by fixed-loss methods. */
        public Builder candidates(List<CandidateLoss> v) { candidates = v; return this; }
        public Builder controllerObjective(ControllerObjective v) { controllerObjective = v; return this; }
        public Builder controllerLearningRate(double v) { controllerLearningRate = v; return this; }
        public Builder controllerHidden(List<Integer> v) { controllerHidden = v; return this; }
        public Builder controllerDropout(double v) { controllerDropout = v; return this; }
        public Builder controllerEvery(int v) { controllerEvery = v; return this; }
        /** The unrolled step size; NaN (the default) means the DRS learning rate. */
        public Builder xi(double v) { xi = v; return this; }
        /** The directional derivatives' step in weight space, {@code eps * ||v||} (default 0.01). */
        public Builder directionStep(double v) { directionStep = v; return this; }
        public Builder temperature(Temperature v) { temperature = v; return this; }
        public Builder minCount(int v) { minCount = v; return this; }
        public Builder sketchDepth(int v) { sketchDepth = v; return this; }
        /** Counters per sketch row, a power of two; 0 (the default) picks the table size rounded up. */
        public Builder sketchWidth(int v) { sketchWidth = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder precision(Precision v) { precision = v; return this; }
        /** TensorFlow's threads within one op; 0 lets TensorFlow choose (one per core). */
        public Builder intraOpThreads(int v) { intraOpThreads = v; return this; }
        /** TensorFlow's threads running independent ops; 0 lets TensorFlow choose. */
        public Builder interOpThreads(int v) { interOpThreads = v; return this; }
        /** Let TensorFlow's Grappler optimise the graph (default true); off starts faster. */
        public Builder graphOptimization(boolean v) { graphOptimization = v; return this; }

        public TrainerConfig build() {
            require(model != null, "model", "must be set");
            require(task != null, "task", "must be set");
            require(method != null, "method", "must be set");
            require(task == Task.MULTICLASS ? classes >= 2 : classes == 1, "classes",
                    "must be at least 2 for multiclass and 1 otherwise, got " + classes + " for " + task.cliName());
            require(fieldCount > 0, "fieldCount", "must be positive (the number of feature fields), got " + fieldCount);
            require(tableRows > 0, "tableRows", "must be positive, got " + tableRows);
            require(embeddingDim > 0, "embeddingDim", "must be positive, got " + embeddingDim);
            requireWidths(hidden, "hidden");
            requireRate(dropout, "dropout");
            requirePositive(learningRate, "learningRate");
            require(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay", "must be finite and >= 0, got " + weightDecay);
            require(batchSize > 0, "batchSize", "must be positive, got " + batchSize);
            method.fixedLoss().ifPresent(loss -> require(loss.supports(task), "method",
                    method.cliName() + " does not apply to the " + task.cliName() + " task; use one of " + CandidateLoss.defaults(task).stream().map(CandidateLoss::cliName).toList()));
            if (candidates != null && method.fixedLoss().isEmpty()) {
                require(!candidates.isEmpty(), "candidates", "must name at least one loss");
                for (CandidateLoss loss : candidates) {
                    require(loss.supports(task), "candidates", "loss " + loss.cliName() + " does not apply to the " + task.cliName() + " task");
                }
                require(candidates.stream().distinct().count() == candidates.size(), "candidates", "lists a loss twice: " + candidates);
            }
            require(controllerObjective != null, "controllerObjective", "must be set");
            requirePositive(controllerLearningRate, "controllerLearningRate");
            requireWidths(controllerHidden, "controllerHidden");
            requireRate(controllerDropout, "controllerDropout");
            require(controllerEvery > 0, "controllerEvery", "must be positive, got " + controllerEvery);
            require(Double.isNaN(xi) || (xi >= 0 && Double.isFinite(xi)), "xi", "must be finite and >= 0, got " + xi);
            requirePositive(directionStep, "directionStep");
            require(temperature != null && temperature.min() > 0 && temperature.start() >= temperature.min() && temperature.decay() >= 0,
                    "temperature", "needs 0 < min <= start and decay >= 0, got " + temperature);
            require(minCount >= 1 && minCount <= MAX_MIN_COUNT, "minCount", "must be in 1.." + MAX_MIN_COUNT + ", got " + minCount);
            require(sketchDepth >= 1 && sketchDepth <= 16, "sketchDepth", "must be in 1..16, got " + sketchDepth);
            require(sketchWidth == 0 || (sketchWidth >= 64 && Integer.bitCount(sketchWidth) == 1), "sketchWidth",
                    "must be a power of two of at least 64 (or 0 for the table size), got " + sketchWidth);
            require(precision != null, "precision", "must be set");
            require(intraOpThreads >= 0, "intraOpThreads", "must be >= 0, got " + intraOpThreads);
            require(interOpThreads >= 0, "interOpThreads", "must be >= 0, got " + interOpThreads);
            return new TrainerConfig(this);
        }

        private static void require(boolean ok, String setting, String problem) {
            if (!ok) {
                throw new IllegalArgumentException("trainer setting " + setting + " " + problem);
            }
        }

        private static void requirePositive(double v, String setting) {
            require(v > 0 && Double.isFinite(v), setting, "must be a positive number, got " + v);
        }

        private static void requireRate(double v, String setting) {
            require(v >= 0 && v < 1, setting, "must be in [0, 1), got " + v);
        }

        private static void requireWidths(List<Integer> widths, String setting) {
            require(widths != null && widths.stream().allMatch(w -> w != null && w > 0), setting, "must list positive layer widths, got " + widths);
        }
    }
}
