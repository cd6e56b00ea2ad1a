package dev.autoloss.jobs.snapshot;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the model store writes and keeps versions.
 *
 * @param prefix         key prefix (see {@link SnapshotKeys})
 * @param chunkBytes     largest chunk written as one Redis value (Redis refuses values over 512 MB)
 * @param keepVersions   complete versions kept (plus the full snapshots their deltas need); an older one is
 *                       deleted, and a reader still on it retries from the latest
 * @param uncommittedTtl lifetime of chunks written by a publish that never completed (a crash mid-write)
 */
public record StoreSettings(String prefix, int chunkBytes, int keepVersions, Duration uncommittedTtl)
        implements Serializable {

    public static final int DEFAULT_CHUNK_BYTES = 8 << 20;
    public static final int MAX_CHUNK_BYTES = 256 << 20;
    public static final int DEFAULT_KEEP_VERSIONS = 3;
    public static final Duration DEFAULT_UNCOMMITTED_TTL = Duration.ofHours(1);

    public StoreSettings {
        new SnapshotKeys(prefix);
        if (chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("snapshot chunk size must be 1.." + MAX_CHUNK_BYTES + " bytes, got " + chunkBytes);
        }
        if (keepVersions < 1) {
            throw new IllegalArgumentException("versions to keep must be at least 1, got " + keepVersions);
        }
        if (uncommittedTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("the lifetime of uncommitted chunks must be at least one second");
        }
    }

    public static StoreSettings defaults(String prefix) {
        return new StoreSettings(prefix, DEFAULT_CHUNK_BYTES, DEFAULT_KEEP_VERSIONS, DEFAULT_UNCOMMITTED_TTL);
    }

    public StoreSettings withChunkBytes(int bytes) {
        return new StoreSettings(prefix, bytes, keepVersions, uncommittedTtl);
    }

    public StoreSettings withKeepVersions(int keep) {
        return new StoreSettings(prefix, chunkBytes, keep, uncommittedTtl);
    }

    public SnapshotKeys keys() {
        return new SnapshotKeys(prefix);
    }
}
