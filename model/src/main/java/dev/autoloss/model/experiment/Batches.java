package dev.autoloss.model.experiment;

import dev.autoloss.model.eval.Quality;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.train.Trainer;
import java.util.ArrayList;
import java.util.List;

/** Mini-batches of a list of examples, and a trainer's quality measured over a list batch by batch. */
final class Batches {

    private Batches() {}

    /** Consecutive batches of {@code size}; the last one holds the remainder (as PyTorch's DataLoader). */
    static List<List<Example>> of(List<Example> examples, int size) {
        List<List<Example>> batches = new ArrayList<>();
        for (int from = 0; from < examples.size(); from += size) {
            batches.add(examples.subList(from, Math.min(examples.size(), from + size)));
        }
        return batches;
    }

    /** The trainer's predictions on {@code examples} (inference mode), measured against their labels. */
    static Quality quality(Trainer trainer, List<Example> examples, int batchSize) {
        int outputs = trainer.outputs();
        float[] predictions = new float[examples.size() * outputs];
        float[] labels = new float[examples.size()];
        int offset = 0;
        for (List<Example> batch : of(examples, batchSize)) {
            float[] p = trainer.predict(batch);
            System.arraycopy(p, 0, predictions, offset * outputs, p.length);
            for (Example e : batch) {
                labels[offset++] = e.label();
            }
        }
        return Quality.measure(predictions, labels, outputs);
    }
}
