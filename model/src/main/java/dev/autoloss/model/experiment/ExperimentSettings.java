package dev.autoloss.model.experiment;

import static dev.autoloss.model.train.TrainerSettings.*;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.train.ControllerFile;
import dev.autoloss.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * How an offline experiment trains: the trainer's settings (model, batch size, weight decay, embedding size,
 * learning rates: all but the method and the seed, which each run sets), which methods, how many seeds (seeds
 * 1..n, each with its own 80/10/10 split), the epoch limit and early-stopping patience.
 * The paper's transfer study: a controller searched elsewhere is trained with, frozen, as one more method
 * ({@link #FROZEN}), and seed 1's searched autoloss controller can be kept for another experiment.
 *
 * @param trainer the settings every run trains with; its task, classes, fields, method and seed are each run's
 * @param frozenController a saved controller to train {@link #FROZEN} with, or null for none
 * @param saveController where to write the controller of seed 1's autoloss run at its best epoch, or null
 */
public record ExperimentSettings(
        @JsonIgnore TrainerConfig trainer, List<Method> methods, int seeds, int maxEpochs, int patience,
        ControllerFile frozenController, String saveController) {

    /** The method that trains autoloss's graph with {@link #frozenController} fixed instead of searching one. */
    public static final String FROZEN = "autoloss-frozen";

    /** Validation AUC epochs without improvement before stopping (the reference's patience). */
    public static final int DEFAULT_PATIENCE = 2;
    public static final int DEFAULT_MAX_EPOCHS = 50;
    /** Below this many training rows the reference used small batches (Criteo-8k: 256), above it 2000. */
    public static final int SMALL_DATA_ROWS = 50_000;
    public static final int SMALL_DATA_BATCH = 256;
    public static final int LARGE_DATA_BATCH = 2000;

    public ExperimentSettings {
        methods = List.copyOf(methods);
        require(!methods.isEmpty(), "methods: name at least one");
        require(methods.stream().distinct().count() == methods.size(),
                "methods: name each method once, got " + methods.stream().map(Method::cliName).toList());
        require(seeds >= 1, "seeds must be at least 1, got " + seeds);
        require(maxEpochs >= 1, "epochs must be at least 1, got " + maxEpochs);
        require(patience >= 1, "patience must be at least 1, got " + patience);
        require(saveController == null || methods.contains(Method.AUTOLOSS),
                "save-controller: the controller is taken from autoloss, which is not among the methods " + methods.stream().map(Method::cliName).toList());
    }

    /** The reference's batch size for a training split of this many rows. */
    public static int defaultBatchSize(int trainingRows) {
        return trainingRows < SMALL_DATA_ROWS ? SMALL_DATA_BATCH : LARGE_DATA_BATCH;
    }

    public ExperimentSettings withTrainer(TrainerConfig settings) {
        return new ExperimentSettings(settings, methods, seeds, maxEpochs, patience, frozenController, saveController);
    }

    /** The model, named in the report's JSON and table. */
    @JsonProperty
    public ModelKind model() {
        return trainer.model();
    }

    /** Mini-batch size for training, validation and the controller. */
    @JsonProperty
    public int batchSize() {
        return trainer.batchSize();
    }

    @JsonProperty
    public double weightDecay() {
        return trainer.weightDecay();
    }

    /** The table's columns: each method, then {@link #FROZEN} when a controller is given. */
    List<ComparedMethod> compared() {
        List<ComparedMethod> compared = new ArrayList<>();
        methods.forEach(m -> compared.add(new ComparedMethod(m.cliName(), m, null)));
        if (frozenController != null) {
            compared.add(new ComparedMethod(FROZEN, Method.AUTOLOSS, frozenController));
        }
        return compared;
    }

    /** The trainer settings of one run. */
    TrainerConfig trainerConfig(Dataset data, Method method, long seed) {
        return trainer.toBuilder()
                .set(TASK, data.task())
                .set(CLASSES, data.classes())
                .set(FIELD_COUNT, data.fieldCount())
                .set(METHOD, method)
                .set(SEED, seed)
                .build();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
