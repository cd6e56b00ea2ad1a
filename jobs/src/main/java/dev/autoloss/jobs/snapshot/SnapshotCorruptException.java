package dev.autoloss.jobs.snapshot;

/** A stored version fails verification (bad checksum, missing chunk, unreadable manifest); the message names the key. */
public final class SnapshotCorruptException extends RuntimeException {
    public SnapshotCorruptException(String message) {
        super(message);
    }
}
