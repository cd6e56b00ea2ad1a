package dev.autoloss.jobs.snapshot;

/**
 * A version's keys in Redis do not add up: its manifest is unreadable or names another version, a chunk
 * fails its size or CRC32C, the chunks do not sum to the manifest's size, or a delta's base does not precede
 * it. The message names the key. Not {@link dev.autoloss.model.snapshot.CorruptSnapshotException}, which
 * says the assembled bytes themselves do not decode as a snapshot.
 */
public final class InconsistentVersionException extends RuntimeException {
    public InconsistentVersionException(String message) {
        super(message);
    }
}
