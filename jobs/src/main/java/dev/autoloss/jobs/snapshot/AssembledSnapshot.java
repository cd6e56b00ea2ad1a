package dev.autoloss.jobs.snapshot;

import java.util.List;

/**
 * One complete, verified version as a reader needs it: the full snapshot its chain starts from and the
 * deltas to apply on top, in order (empty when the version is itself full).
 */
public record AssembledSnapshot(SnapshotManifest manifest, Part full, List<Part> deltas) {

    /** One verified version's manifest and payload. */
    public record Part(SnapshotManifest manifest, byte[] bytes) {}

    public AssembledSnapshot {
        deltas = List.copyOf(deltas);
    }

    public long version() {
        return manifest.version();
    }
}
