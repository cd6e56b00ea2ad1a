package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.SnapshotKeys;

/**
 * Where served predictions live in Redis, under the same prefix as the model they come from
 * (see {@link SnapshotKeys}):
 *
 * <pre>
 * PREFIX:pred:REQUEST_ID    string (with a TTL)   JSON {@link PredictionRecord}: a prediction, or the error that stopped one
 * </pre>
 *
 * The request id is used as it comes (the Kafka record key), so any Redis client finds a prediction
 * with {@code GET autoloss:pred:<id>}.
 */
public record PredictionKeys(String prefix) {

    public PredictionKeys {
        new SnapshotKeys(prefix); // the same rule for the prefix
    }

    public String prediction(String requestId) {
        return prefix + ":pred:" + requestId;
    }
}
