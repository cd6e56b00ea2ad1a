package dev.autoloss.jobs.snapshot;

/**
 * The outcome of one publish.
 *
 * @param published whether the version became {@code latest}
 * @param latest    the latest version after the call
 * @param refusal   why it was refused (null when published)
 */
public record PublishResult(boolean published, long latest, String refusal) {

    static PublishResult published(long version) {
        return new PublishResult(true, version, null);
    }

    static PublishResult refused(long latest, String why) {
        return new PublishResult(false, latest, why);
    }
}
