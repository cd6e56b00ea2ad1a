package dev.autoloss.model.features;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** How a timestamp column is written; every format reads to epoch milliseconds, UTC. */
public enum TimeFormat {
    /** the format has no event time: Example.eventTime() is -1 */
    NONE("no time"),
    /** Avazu's hour: YYMMDDHH, 20YY, UTC */
    YYMMDDHH("YYMMDDHH, a valid UTC hour"),
    /** Unix time in whole seconds (MovieLens) */
    UNIX_SECONDS("Unix time in whole seconds");

    /** Year 9999: a larger Unix time is a corrupt field, not a date. */
    private static final long MAX_UNIX_SECONDS = 253_402_300_799L;
    private static final int CENTURY = 2000;

    private final String expected;

    TimeFormat(String expected) {
        this.expected = expected;
    }

    /** What a valid time looks like, for error messages. */
    public String expected() {
        return expected;
    }

    /**
     * @throws DateTimeException (or NumberFormatException) when the text is not a valid time in this format
     */
    public long toEpochMillis(String text) {
        return switch (this) {
            case NONE -> -1;
            case YYMMDDHH -> hourToMillis(text);
            case UNIX_SECONDS -> unixToMillis(text);
        };
    }

    private static long hourToMillis(String text) {
        if (text.length() != 8 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new DateTimeException("expected YYMMDDHH");
        }
        int yy = Integer.parseInt(text, 0, 2, 10);
        int month = Integer.parseInt(text, 2, 4, 10);
        int day = Integer.parseInt(text, 4, 6, 10);
        int hour = Integer.parseInt(text, 6, 8, 10);
        return LocalDateTime.of(CENTURY + yy, month, day, hour, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static long unixToMillis(String text) {
        long seconds = Long.parseLong(text);
        if (seconds < 0 || seconds > MAX_UNIX_SECONDS) {
            throw new DateTimeException("expected Unix seconds from 0 to " + MAX_UNIX_SECONDS);
        }
        return seconds * 1000;
    }
}
