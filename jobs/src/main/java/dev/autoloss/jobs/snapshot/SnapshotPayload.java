package dev.autoloss.jobs.snapshot;

import java.util.Map;

/**
 * One version to publish: the trainer's bytes and what they are.
 *
 * @param version the version number, greater than every version published before
 * @param kind    full, or delta on top of {@code base}
 * @param base    for a delta, the complete version it applies to; null for a full snapshot
 * @param bytes   the payload, opaque to the store (the trainer's snapshot format)
 * @param meta    facts copied into the manifest (trainer step, events trained, model settings)
 * @param serve   whether it becomes {@code latest} once written; a base version (false) is only kept for deltas to build on
 */
public record SnapshotPayload(long version, SnapshotKind kind, Long base, byte[] bytes, Map<String, String> meta, boolean serve) {

    public SnapshotPayload {
        if (version <= 0) {
            throw new IllegalArgumentException("snapshot version must be positive, got " + version);
        }
        if ((kind == SnapshotKind.DELTA) != (base != null)) {
            throw new IllegalArgumentException("version " + version + ": a delta needs a base and a full snapshot has none");
        }
        if (base != null && base >= version) {
            throw new IllegalArgumentException("delta version " + version + " must come after its base " + base);
        }
        if (!serve && kind != SnapshotKind.FULL) {
            throw new IllegalArgumentException("version " + version + ": only a full version can be a base that is not served");
        }
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    public static SnapshotPayload full(long version, byte[] bytes, Map<String, String> meta) {
        return new SnapshotPayload(version, SnapshotKind.FULL, null, bytes, meta, true);
    }

    /** A full version written and kept, but not made latest: the base that the versions after it are deltas on. */
    public static SnapshotPayload base(long version, byte[] bytes, Map<String, String> meta) {
        return new SnapshotPayload(version, SnapshotKind.FULL, null, bytes, meta, false);
    }

    public static SnapshotPayload delta(long version, long base, byte[] bytes, Map<String, String> meta) {
        return new SnapshotPayload(version, SnapshotKind.DELTA, base, bytes, meta, true);
    }
}
