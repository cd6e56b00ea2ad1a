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

    /** The value of a missing (empty) field, as docs/algorithm.md says. */
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

    /**
     * {@code FeatureHash.hash64(field, encode(line.substring(start, end), eventTime))}, the key of a column of a
     * line, without building its strings for the counts and categoricals most fields are.
     */
    long key(String field, String line, int start, int end, long eventTime, FeatureHash.Scratch scratch) {
        if (start == end && (this == AS_IS || this == LOG_SQUARED)) {
            return scratch.hash64(field, MISSING, 0, MISSING.length());
        }
        return switch (this) {
            case AS_IS -> scratch.hash64(field, line, start, end);
            case LOG_SQUARED -> scratch.hash64(field, Buckets.logSquared(parseLong(line, start, end)));
            default -> {
                String value = encode(line.substring(start, end), eventTime);
                yield scratch.hash64(field, value, 0, value.length());
            }
        };
    }

    /** {@code Long.parseLong(line.substring(start, end))}: up to 18 ASCII digits (after a '-') are read in place. */
    private static long parseLong(String line, int start, int end) {
        boolean negative = end - start > 1 && line.charAt(start) == '-';
        int i = negative ? start + 1 : start;
        if (end - i <= 18) {
            long value = 0;
            for (; i < end; i++) {
                char c = line.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
            }
            if (i == end) {
                return negative ? -value : value;
            }
        }
        return Long.parseLong(line.substring(start, end));
    }

    private static String firstListed(String text) {
        int bar = text.indexOf('|');
        String first = bar < 0 ? text : text.substring(0, bar);
        return first.isEmpty() ? MISSING : first;
    }
}
