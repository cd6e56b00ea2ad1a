package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.loss.CandidateLoss;
import dev.autoloss.model.search.ControllerObjective;
import dev.autoloss.model.search.DropRate;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.search.Temperature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link Trainer} is built with: a value for each of {@link TrainerSettings}. Immutable;
 * {@link #builder()} starts from the declared defaults, and {@link Builder#build()} validates, naming the offending
 * setting ({@link InvalidSettingException}).
 */
public final class TrainerConfig {

    private final Map<TrainerSetting<?>, Object> values;

    private TrainerConfig(Map<TrainerSetting<?>, Object> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /**
     * The settings of each of {@code replicas} data-parallel replicas ({@link Trainer#startReplica}): batches of
     * {@code batchSize / replicas}, so that their averaged steps move the dense layers as far as one trainer's step on a
     * whole batch. With whole batches each, the replicas took half the steps per event of one trainer: 0.026 AUC behind
     * after 300,000 events, 0.002-0.003 after 3 million.
     */
    public TrainerConfig forReplicas(int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
        }
        return replicas == 1 ? this : toBuilder().set(BATCH_SIZE, Math.max(1, batchSize() / replicas)).build();
    }

    /** A builder holding this configuration's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(new LinkedHashMap<>(values));
        // a single-loss method's candidate is the method's; a derived variant with another method gets the task's
        return method().singleLoss().isPresent() ? b.set(CANDIDATES, null) : b;
    }

    public <T> T get(TrainerSetting<T> setting) {
        return setting.cast(values.get(setting));
    }

    public ModelKind model() { return get(MODEL); }
    public Task task() { return get(TASK); }
    /** K for multiclass, 1 otherwise. */
    public int classes() { return get(CLASSES); }
    public int fieldCount() { return get(FIELD_COUNT); }
    /** Rows that hashed values share; the table has {@link #fieldCount()} more, one "rare" row per field. */
    public int tableRows() { return get(TABLE_ROWS); }
    public int embeddingDim() { return get(EMBEDDING_DIM); }
    public List<Integer> hidden() { return get(HIDDEN); }
    public double dropout() { return get(DROPOUT); }
    public double learningRate() { return get(LEARNING_RATE); }
    public double weightDecay() { return get(WEIGHT_DECAY); }
    public int batchSize() { return get(BATCH_SIZE); }
    public Method method() { return get(METHOD); }
    /** The losses mixed: the method's single loss for a fixed-loss method. */
    public List<CandidateLoss> candidates() { return get(CANDIDATES); }
    public ControllerObjective controllerObjective() { return get(CONTROLLER_OBJECTIVE); }
    public double controllerLearningRate() { return get(CONTROLLER_LEARNING_RATE); }
    public List<Integer> controllerHidden() { return get(CONTROLLER_HIDDEN); }
    public double controllerDropout() { return get(CONTROLLER_DROPOUT); }
    /** f: a controller step after every f-th DRS step. */
    public int controllerEvery() { return get(CONTROLLER_EVERY); }
    /** The virtual step size of the unrolled hypergradient (the DRS learning rate unless set). */
    public double xi() { return get(XI); }
    /** The directional derivatives use {@code eps = directionStep / ||v||}. */
    public double directionStep() { return get(DIRECTION_STEP); }
    public Temperature temperature() { return get(TEMPERATURE); }
    /** T-CE's share of positives dropped after t steps. */
    public DropRate tceDropRate() { return get(TCE_DROP_RATE); }
    /** R-CE's power of the prediction that weights a positive. */
    public double rceExponent() { return get(RCE_EXPONENT); }
    /** The field whose value is the item (autoloss-item), -1 for none. */
    public int itemField() { return get(ITEM_FIELD); }
    public int minCount() { return get(MIN_COUNT); }
    public int sketchDepth() { return get(SKETCH_DEPTH); }
    public int sketchWidth() { return get(SKETCH_WIDTH); }
    public long seed() { return get(SEED); }
    public Precision precision() { return get(PRECISION); }
    public int intraOpThreads() { return get(INTRA_OP_THREADS); }
    public int interOpThreads() { return get(INTER_OP_THREADS); }
    /** Whether TensorFlow's graph optimiser (Grappler) rewrites each run's graph (costs seconds at the first run of each kind). */
    public boolean graphOptimization() { return get(GRAPH_OPTIMIZATION); }

    /** Every setting by name, in declaration order, as reports show them (names for named values). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.keySet().forEach(setting -> m.put(setting.name(), reported(setting)));
        return m;
    }

    /** Every setting by name, in declaration order, as text that {@link TrainerSetting#parse} reads back (snapshot metadata). */
    public Map<String, String> asText() {
        Map<String, String> m = new LinkedHashMap<>();
        values.keySet().forEach(setting -> m.put(setting.name(), text(setting)));
        return m;
    }

    private <T> Object reported(TrainerSetting<T> setting) {
        return setting.type().reported().apply(get(setting));
    }

    private <T> String text(TrainerSetting<T> setting) {
        return setting.format(get(setting));
    }

    /**
     * The settings that fix the shape of the state (which variables exist and how big they are): a snapshot
     * restores only into a trainer with the same ones.
     */
    public String stateShape() {
        return "model=" + model().cliName() + " task=" + task().cliName() + " classes=" + classes() + " fields=" + fieldCount()
                + " tableRows=" + tableRows() + " embeddingDim=" + embeddingDim() + " hidden=" + hidden()
                + " method=" + method().cliName() + " candidates=" + candidates().stream().map(CandidateLoss::cliName).toList()
                + " controllerHidden=" + controllerHidden() + " minCount=" + minCount() + " sketch=" + sketchDepth() + "x" + sketchWidth()
                + " precision=" + precision().name().toLowerCase(java.util.Locale.ROOT)
                + (method().seesItemStatistics() ? " itemField=" + itemField() : "");
    }

    /**
     * The settings that fix the shape of the loss weighting's parameters V, as {@code name=value} parts joined by
     * {@code "; "}: a saved controller loads only into a match (a mismatch is reported part by part).
     */
    public String controllerShape() {
        Map<String, String> parts = new LinkedHashMap<>();
        String weighting = method() == Method.DARTS ? "global"
                : method().scalesSingleLoss() ? (method().seesItemStatistics() ? "item-scale-mlp" : "scale-mlp")
                : method().learnsWeights() ? "mlp" : "none";
        parts.put("controller", weighting);
        if (weighting.endsWith("mlp")) {
            parts.put("controllerHidden", controllerHidden().toString());
        }
        parts.put("task", task().cliName());
        parts.put("classes", Integer.toString(classes()));
        parts.put("candidates", candidates().stream().map(CandidateLoss::cliName).toList().toString());
        parts.put("precision", precision().name().toLowerCase(java.util.Locale.ROOT));
        return ControllerSnapshots.joinShape(parts);
    }

    @Override
    public String toString() {
        return describe().toString();
    }

    /** Settings, each at its declared default until set; {@link #build()} checks them. */
    public static final class Builder {
        private final Map<TrainerSetting<?>, Object> values;

        private Builder(Map<TrainerSetting<?>, Object> values) {
            TrainerSettings.all().forEach(s -> values.putIfAbsent(s, s.defaultValue()));
            this.values = values;
        }

        public <T> Builder set(TrainerSetting<T> setting, T value) {
            values.put(setting, value);
            return this;
        }

        /** Sets {@code setting} from its text; IllegalArgumentException saying why the text is not a valid value. */
        public Builder parse(TrainerSetting<?> setting, String text) {
            values.put(setting, setting.parse(text));
            return this;
        }

        public <T> T get(TrainerSetting<T> setting) {
            return setting.cast(values.get(setting));
        }

        public TrainerConfig build() {
            values.forEach(this::check);
            Task task = get(TASK);
            Method method = get(METHOD);
            int classes = get(CLASSES);
            require(task == Task.MULTICLASS ? classes >= 2 : classes == 1, CLASSES,
                    "must be at least 2 for multiclass and 1 otherwise, got " + classes + " for " + task.cliName());
            method.singleLoss().ifPresent(loss -> require(loss.supports(task), METHOD,
                    method.cliName() + " does not apply to the " + task.cliName() + " task; use one of " + CandidateLoss.defaults(task).stream().map(CandidateLoss::cliName).toList()));
            require(!method.reweightsExamples() || task == Task.BINARY, METHOD,
                    method.cliName() + " weights clicks and non-clicks: it needs the binary task, not " + task.cliName());
            if (method.seesItemStatistics()) {
                int item = get(ITEM_FIELD);
                require(task == Task.BINARY, METHOD, method.cliName() + " counts positives per item: it needs the binary task, not " + task.cliName());
                require(item >= 0 && item < get(FIELD_COUNT), ITEM_FIELD, method.cliName() + " needs the field whose value is the item, one of 0.."
                        + (get(FIELD_COUNT) - 1) + ", got " + item);
            }
            List<CandidateLoss> candidates = get(CANDIDATES);
            if (candidates != null && method.singleLoss().isEmpty()) {
                for (CandidateLoss loss : candidates) {
                    require(loss.supports(task), CANDIDATES, "loss " + loss.cliName() + " does not apply to the " + task.cliName() + " task");
                }
            }
            Map<TrainerSetting<?>, Object> resolved = new LinkedHashMap<>();
            values.forEach((setting, value) -> resolved.put(setting, value instanceof List<?> list ? List.copyOf(list) : value));
            // the defaults that other settings decide, resolved here so that reports and snapshot metadata show them
            resolved.put(CANDIDATES, method.singleLoss().map(List::of).orElseGet(() -> candidates == null ? CandidateLoss.defaults(task) : List.copyOf(candidates)));
            resolved.put(XI, Double.isNaN(get(XI)) ? get(LEARNING_RATE) : get(XI));
            resolved.put(SKETCH_WIDTH, get(SKETCH_WIDTH) == 0 ? Math.max(64, Integer.highestOneBit(Math.max(1, get(TABLE_ROWS) - 1)) << 1) : get(SKETCH_WIDTH));
            return new TrainerConfig(resolved);
        }

        private <T> void check(TrainerSetting<T> setting, Object value) {
            setting.problem(setting.cast(value)).ifPresent(problem -> {
                throw new InvalidSettingException(setting, problem);
            });
        }

        private static void require(boolean ok, TrainerSetting<?> setting, String problem) {
            if (!ok) {
                throw new InvalidSettingException(setting, problem);
            }
        }
    }
}
