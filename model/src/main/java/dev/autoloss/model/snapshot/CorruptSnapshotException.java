package dev.autoloss.model.snapshot;

/** The bytes are not an intact snapshot: wrong magic, unknown format version, truncated, or failing the checksum. */
public final class CorruptSnapshotException extends IllegalArgumentException {

    public CorruptSnapshotException(String message) {
        super(message);
    }
}
