package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.AssembledSnapshot;

/** Builds the predictor of a verified version (its full snapshot and deltas); may take a while, off the request path. */
@FunctionalInterface
public interface PredictorLoader {

    /** @throws RuntimeException naming the problem when the snapshot cannot be loaded (the follower keeps the old version) */
    Predictor load(AssembledSnapshot snapshot);
}
