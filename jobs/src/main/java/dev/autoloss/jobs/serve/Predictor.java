package dev.autoloss.jobs.serve;

import dev.autoloss.model.features.Example;
import java.util.List;

/**
 * A model version's scoring function, loaded once and never changed: a new version is a new predictor.
 * Implementations must allow concurrent {@link #predict} calls (several request threads share one
 * version); {@link #close} is called once, after the last of them.
 */
public interface Predictor extends AutoCloseable {

    /** Inference-mode outputs, row-major {@code [batch x outputs()]}. */
    float[] predict(List<Example> batch);

    /** Values per example: 1 (probability or value) or K class probabilities. */
    int outputs();

    @Override
    void close();
}
