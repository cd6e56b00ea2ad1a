package dev.autoloss.model.features;

/**
 * A line that cannot become an {@link Example}, with everything a person needs to find and fix it.
 * The message reads {@code <source>:<line>: <reason text> (<detail>): field <field> = '<value>'}.
 * Callers decide whether to skip and count the line or to stop; nothing is dropped silently.
 */
public final class BadRecordException extends Exception {

    /** The pseudo field name used when the problem is the whole line (too long, wrong field count). */
    public static final String WHOLE_LINE = "(line)";
    /** Values are kept up to this many characters (an over-long line must not be carried around whole). */
    public static final int VALUE_LIMIT = 120;

    private final Reason reason;
    private final String source;
    private final long lineNumber;
    private final String field;
    private final String value;

    public BadRecordException(Reason reason, RawRecord record, String field, String value, String detail) {
        this(reason, record.source(), record.lineNumber(), field, value, detail);
    }

    public BadRecordException(Reason reason, String source, long lineNumber, String field, String value, String detail) {
        super(message(reason, source, lineNumber, field, shorten(value), detail), null, false, false);
        this.reason = reason;
        this.source = source;
        this.lineNumber = lineNumber;
        this.field = field;
        this.value = shorten(value);
    }

    public Reason reason() {
        return reason;
    }

    public String source() {
        return source;
    }

    public long lineNumber() {
        return lineNumber;
    }

    /** The column or feature name, or {@link #WHOLE_LINE}. */
    public String field() {
        return field;
    }

    /** The offending text, cut to {@link #VALUE_LIMIT} characters (with "..." when cut). */
    public String value() {
        return value;
    }

    private static String message(Reason reason, String source, long lineNumber, String field, String value, String detail) {
        String why = detail == null || detail.isEmpty() ? reason.text() : reason.text() + " (" + detail + ")";
        return source + ":" + lineNumber + ": " + why + ": field " + field + " = '" + printable(value) + "'";
    }

    private static String shorten(String value) {
        return value.length() <= VALUE_LIMIT ? value : value.substring(0, VALUE_LIMIT) + "...";
    }

    /** Tabs and other control characters shown as escapes, so the message stays one readable line. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
