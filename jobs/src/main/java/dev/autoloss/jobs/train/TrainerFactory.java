package dev.autoloss.jobs.train;

import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The trainer the job's options describe; a reader of its snapshots builds the same one to restore them into. */
public final class TrainerFactory {

    private static final List<String> SETTINGS_IN_META = List.of("format", "task", "model", "method", "tableRows", "batchSize", "seed");
    private static final String STATE_SHAPE = "stateShape";

    private TrainerFactory() {}

    public static TrainerConfig config(TrainOptions options) {
        Schema schema = Schema.of(options.format);
        Task task = options.task();
        return TrainerConfig.builder()
                .model(options.model)
                .method(options.method)
                .task(task)
                .classes(schema.classes(task))
                .fieldCount(schema.featureCount())
                .tableRows(options.tableRows)
                .batchSize(options.batchSize)
                .seed(options.seed)
                .intraOpThreads(options.intraOpThreads)
                .build();
    }

    public static Trainer create(TrainOptions options) {
        return new Trainer(config(options));
    }

    /**
     * A trainer shaped like the one that published {@code manifest} (its settings are in the manifest's meta),
     * ready for {@link Trainer#restoreState} of the full snapshot and {@link Trainer#applyDelta} of the deltas.
     */
    public static Trainer forSnapshot(SnapshotManifest manifest) {
        return new Trainer(configFor(manifest));
    }

    /** The settings of the trainer that published {@code manifest}, read from its meta; refuses a state shape they would not give. */
    public static TrainerConfig configFor(SnapshotManifest manifest) {
        Map<String, String> meta = manifest.meta();
        List<String> args = new ArrayList<>();
        for (String setting : SETTINGS_IN_META) {
            String value = meta.get(setting);
            if (value == null) {
                throw new IllegalArgumentException("snapshot version " + manifest.version() + " has no '" + setting + "' in its manifest meta");
            }
            args.add("--" + setting.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
            args.add(value);
        }
        TrainerConfig config = config(TrainOptions.parse(args.toArray(String[]::new)));
        if (!config.stateShape().equals(meta.get(STATE_SHAPE))) {
            throw new IllegalArgumentException("snapshot version " + manifest.version() + " was written by a trainer shaped "
                    + meta.get(STATE_SHAPE) + ", not " + config.stateShape());
        }
        return config;
    }

    /** Refuses a version that a trainer of another shape published: a model goes on only in its own shape. */
    static void requireSameTrainer(SnapshotManifest manifest, TrainOptions options) {
        String shape = config(options).stateShape();
        if (!shape.equals(manifest.meta().get(STATE_SHAPE))) {
            throw new IllegalStateException("version " + manifest.version() + " was trained by a trainer shaped " + manifest.meta().get(STATE_SHAPE)
                    + ", this job's is " + shape + ": give the flags it was trained with (" + String.join(", ", SETTINGS_IN_META) + ")");
        }
    }

    /** The manifest meta that the train job run with {@code options} writes. */
    public static Map<String, String> meta(TrainOptions options) {
        return meta(options, config(options));
    }

    /** The trainer's settings the job writes into every manifest's meta, named as in {@link TrainOptions} (camel case). */
    static Map<String, String> meta(TrainOptions options, TrainerConfig config) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", options.format.cliName());
        meta.put("task", options.task().cliName());
        meta.put("model", options.model.cliName());
        meta.put("method", options.method.cliName());
        meta.put("tableRows", Integer.toString(options.tableRows));
        meta.put("batchSize", Integer.toString(options.batchSize));
        meta.put("seed", Long.toString(options.seed));
        meta.put(STATE_SHAPE, config.stateShape());
        return meta;
    }
}
