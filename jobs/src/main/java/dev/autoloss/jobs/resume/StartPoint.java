package dev.autoloss.jobs.resume;

/**
 * What a job's state starts from.
 *
 * @param kind what it is
 * @param path the checkpoint's or savepoint's path; null for a new job
 */
public record StartPoint(Kind kind, String path) {

    public enum Kind {
        /** no earlier state: a new job */
        NEW,
        /** the job's own newest completed checkpoint, which the job takes over (and deletes once subsumed) */
        CHECKPOINT,
        /** a savepoint (or retained checkpoint) the user named; it stays theirs */
        SAVEPOINT
    }

    public static StartPoint fresh() {
        return new StartPoint(Kind.NEW, null);
    }

    public boolean isNew() {
        return kind == Kind.NEW;
    }

    public String describe() {
        return switch (kind) {
            case NEW -> "starting without earlier state";
            case CHECKPOINT -> "resuming from its newest checkpoint " + path;
            case SAVEPOINT -> "starting from savepoint " + path;
        };
    }
}
