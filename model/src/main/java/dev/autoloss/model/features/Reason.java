package dev.autoloss.model.features;

/** Why a line was rejected. */
public enum Reason {
    WRONG_FIELD_COUNT("wrong number of fields"),
    BAD_LABEL("bad label"),
    BAD_NUMBER("numeric field does not parse"),
    BAD_TIMESTAMP("bad timestamp"),
    LINE_TOO_LONG("line too long"),
    MISSING_EVENT_ID("missing event id");

    private final String text;

    Reason(String text) {
        this.text = text;
    }

    /** A short description for messages and reports. */
    public String text() {
        return text;
    }
}
