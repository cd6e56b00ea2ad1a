package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

/**
 * Trainer settings for tests that build many small trainers: Grappler off, because optimising each kind of run's
 * graph takes seconds while the runs themselves take milliseconds. Graph optimisation does not change what is
 * computed; {@link LearningTest} keeps the default to cover it.
 */
final class QuickStart {

    private QuickStart() {}

    static TrainerConfig.Builder config() {
        return TrainerConfig.builder().set(GRAPH_OPTIMIZATION, false);
    }
}
