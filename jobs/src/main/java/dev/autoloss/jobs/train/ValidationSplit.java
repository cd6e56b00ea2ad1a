package dev.autoloss.jobs.train;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Sends an event to validation or training by a stable hash of its id, so that the same event lands on
 * the same side in every run, on every parallel instance and after every restart.
 */
public record ValidationSplit(double share) implements Serializable {

    private static final int BUCKETS = 1 << 20;

    public ValidationSplit {
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("validation share must be in [0, 1), got " + share);
        }
    }

    public boolean isValidation(String eventId) {
        long hash = MurmurHash3.hash128x64(eventId.getBytes(StandardCharsets.UTF_8))[0];
        return (hash & (BUCKETS - 1)) < share * BUCKETS;
    }
}
