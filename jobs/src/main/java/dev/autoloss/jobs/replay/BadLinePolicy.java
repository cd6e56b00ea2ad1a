package dev.autoloss.jobs.replay;

/** What replay does with a line that does not parse: either way it is reported with its line number. */
public enum BadLinePolicy {
    /** report it and go on */
    SKIP,
    /** report it and stop the replay (lines before it stay sent) */
    STOP
}
