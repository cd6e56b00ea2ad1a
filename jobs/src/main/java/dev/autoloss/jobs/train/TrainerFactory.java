package dev.autoloss.jobs.train;

import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.TrainerConfig;
import dev.autoloss.model.train.TrainerSetting;
import dev.autoloss.model.train.TrainerSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** The trainer the job's options describe; a reader of its snapshots builds the same one to restore them into. */
public final class TrainerFactory {

    private static final String FORMAT = "format";
    private static final String STATE_SHAPE = "stateShape";

    private TrainerFactory() {}

    /** The settings of the job's trainer, or of each of its trainers ({@link TrainerConfig#forReplicas}: a share of the batch). */
    public static TrainerConfig config(TrainOptions options) {
        return options.trainer.config(forData(options.format, options.task())).forReplicas(options.trainers);
    }

    /** The job's trainer, with the controller of {@code --controller} loaded and frozen when one is given. */
    public static Trainer create(TrainOptions options) {
        Trainer trainer = new Trainer(config(options));
        if (options.controller != null) {
            try {
                options.controller.freezeInto(trainer);
            } catch (RuntimeException e) {
                trainer.close();
                throw e;
            }
        }
        return trainer;
    }

    /** The settings that the data decides: its task, the classes it has for it and its feature fields. */
    public static TrainerConfig.Builder forData(Format format, Task task) {
        Schema schema = Schema.of(format);
        return TrainerConfig.builder().set(TrainerSettings.TASK, task).set(TrainerSettings.CLASSES, schema.classes(task))
                .set(TrainerSettings.FIELD_COUNT, schema.featureCount());
    }

    /**
     * A trainer shaped like the one that published {@code manifest} (its settings are in the manifest's meta),
     * ready for {@link Trainer#restoreState} of the full snapshot and {@link Trainer#applyDelta} of the deltas.
     */
    public static Trainer forSnapshot(SnapshotManifest manifest) {
        return new Trainer(configFor(manifest));
    }

    /**
     * The settings of the trainer that published {@code manifest}, read from its meta by the settings' names; a setting
     * the meta lacks (a version published before it could be set) has its declared default. Refuses a state shape they
     * would not give.
     */
    public static TrainerConfig configFor(SnapshotManifest manifest) {
        Map<String, String> meta = manifest.meta();
        String where = "snapshot version " + manifest.version();
        TrainerConfig.Builder builder = forData(Format.byName(required(meta, FORMAT, where)),
                TrainerSettings.TASK.parse(required(meta, TrainerSettings.TASK.name(), where)));
        for (TrainerSetting<?> setting : TrainerSettings.all()) {
            String value = meta.get(setting.name());
            if (value != null && !setting.fromData()) {
                try {
                    builder.parse(setting, value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + " has " + setting.name() + "=" + value + " in its manifest meta: " + e.getMessage(), e);
                }
            }
        }
        TrainerConfig config = builder.build();
        if (!config.stateShape().equals(meta.get(STATE_SHAPE))) {
            throw new IllegalArgumentException(where + " was written by a trainer shaped " + meta.get(STATE_SHAPE) + ", not " + config.stateShape());
        }
        return config;
    }

    private static String required(Map<String, String> meta, String key, String where) {
        String value = meta.get(key);
        if (value == null) {
            throw new IllegalArgumentException(where + " has no '" + key + "' in its manifest meta");
        }
        return value;
    }

    /** Refuses a version that a trainer of another shape published: a model goes on only in its own shape. */
    static void requireSameTrainer(SnapshotManifest manifest, TrainOptions options) {
        String shape = config(options).stateShape();
        if (!shape.equals(manifest.meta().get(STATE_SHAPE))) {
            throw new IllegalStateException("version " + manifest.version() + " was trained by a trainer shaped " + manifest.meta().get(STATE_SHAPE)
                    + ", this job's is " + shape + ": give the trainer settings it was trained with (its manifest meta has them)");
        }
    }

    /** The manifest meta that the train job run with {@code options} writes. */
    public static Map<String, String> meta(TrainOptions options) {
        return meta(options, config(options));
    }

    /** The data format and every trainer setting, by the setting's name, that the job writes into every manifest's meta. */
    static Map<String, String> meta(TrainOptions options, TrainerConfig config) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT, options.format.cliName());
        meta.putAll(config.asText());
        meta.put(STATE_SHAPE, config.stateShape());
        return meta;
    }
}
