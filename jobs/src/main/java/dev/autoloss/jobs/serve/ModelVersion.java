package dev.autoloss.jobs.serve;

import dev.autoloss.model.features.Example;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded version, shared by the requests that picked it up. Counted references decide when its
 * predictor is closed: the follower holds one while the version is current, each scoring call holds one
 * while it runs, so a version replaced mid-request finishes that request with its own weights and is
 * closed by whoever lets go last. Nobody waits on anybody.
 */
final class ModelVersion {

    private final long version;
    private final long publishedAtMillis;
    private final Predictor predictor;
    private final AtomicInteger holds = new AtomicInteger(1); // the follower's

    ModelVersion(long version, long publishedAtMillis, Predictor predictor) {
        this.version = version;
        this.publishedAtMillis = publishedAtMillis;
        this.predictor = predictor;
    }

    long version() {
        return version;
    }

    long publishedAtMillis() {
        return publishedAtMillis;
    }

    /** Takes a hold unless the version is already closed (then the caller reads the current one again). */
    boolean retain() {
        for (int h = holds.get(); h > 0; h = holds.get()) {
            if (holds.compareAndSet(h, h + 1)) {
                return true;
            }
        }
        return false;
    }

    void release() {
        if (holds.decrementAndGet() == 0) {
            predictor.close();
        }
    }

    /** Scores with this version's weights; the caller holds a reference. */
    Scores score(List<Example> batch) {
        return new Scores(version, publishedAtMillis, predictor.outputs(), predictor.predict(batch));
    }
}
