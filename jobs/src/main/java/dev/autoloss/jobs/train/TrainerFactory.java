package dev.autoloss.jobs.train;

import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.train.Trainer;
import dev.autoloss.model.train.TrainerConfig;

/** The trainer the job's options describe; a reader of its snapshots builds the same one to restore them into. */
public final class TrainerFactory {

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
                .build();
    }

    public static Trainer create(TrainOptions options) {
        return new Trainer(config(options));
    }
}
