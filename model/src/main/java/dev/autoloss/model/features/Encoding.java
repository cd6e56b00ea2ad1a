package dev.autoloss.model.features;

/**
 * How a feature turns its column's text into the value that is hashed. An empty column is missing and
 * encodes as {@link #MISSING} for every encoding.
 */
public enum Encoding {
    /** the text itself (categoricals) */
    AS_IS,
    /** an integer count bucketed by {@link Buckets#logSquared}; NumberFormatException when not an integer */
    LOG_SQUARED,
    /** an age in years bucketed into MovieLens' age groups by {@link Buckets#ageGroup} */
    AGE_GROUP,
    /** the first of a '|'-separated list (MovieLens: the first genre) */
    FIRST_LISTED,
    /** the UTC hour of day 0..23 of the event time */
    HOUR_OF_DAY,
    /** the ISO weekday 1 (Monday) .. 7 (Sunday) of the event time, UTC */
    WEEKDAY;

    /** The value of a missing (empty) field, as ALGORITHM.md says. */
    public static final String MISSING = "NULL";

    private static final long MILLIS_PER_HOUR = 3_600_000L;
    private static final long MILLIS_PER_DAY = 24 * MILLIS_PER_HOUR;
    /** 1970-01-01 was a Thursday, ISO weekday 4. */
    private static final int EPOCH_WEEKDAY = 4;

    /**
     * @param text      the column's text ("" when missing)
     * @param eventTime the event's time in epoch milliseconds, -1 when unknown (used by the time encodings)
     * @throws NumberFormatException when a numeric encoding meets text that is not an integer
     */
    public String encode(String text, long eventTime) {
        return switch (this) {
            case AS_IS -> text.isEmpty() ? MISSING : text;
            case LOG_SQUARED -> text.isEmpty() ? MISSING : Long.toString(Buckets.logSquared(Long.parseLong(text)));
            case AGE_GROUP -> text.isEmpty() ? MISSING : Buckets.ageGroup(Integer.parseInt(text));
            case FIRST_LISTED -> firstListed(text);
            case HOUR_OF_DAY -> eventTime < 0 ? MISSING : Long.toString(eventTime / MILLIS_PER_HOUR % 24);
            case WEEKDAY -> eventTime < 0 ? MISSING : Long.toString((eventTime / MILLIS_PER_DAY + EPOCH_WEEKDAY - 1) % 7 + 1);
        };
    }

    private static String firstListed(String text) {
        int bar = text.indexOf('|');
        String first = bar < 0 ? text : text.substring(0, bar);
        return first.isEmpty() ? MISSING : first;
    }
}
