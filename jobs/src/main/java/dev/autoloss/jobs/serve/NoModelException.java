package dev.autoloss.jobs.serve;

/** Scoring was asked for before any model version could be loaded. */
public final class NoModelException extends IllegalStateException {
    public NoModelException(String message) {
        super(message);
    }
}
