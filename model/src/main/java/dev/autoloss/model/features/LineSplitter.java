package dev.autoloss.model.features;

/**
 * Splits a line at a literal separator, keeping empty fields (Criteo's missing values, including a
 * trailing one, which {@link String#split} would drop) and treating no character as a regex.
 */
final class LineSplitter {

    private final String separator;

    LineSplitter(String separator) {
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        this.separator = separator;
    }

    /** How many fields the line has. */
    int count(String line) {
        return ends(line, new int[0]);
    }

    /**
     * The line's number of fields; where each of the first {@code ends.length} ends (at its separator, or the line's
     * end) is written into {@code ends}. Field {@code i} starts after field {@code i - 1}'s end and the separator.
     */
    int ends(String line, int[] ends) {
        int n = 0;
        for (int at = line.indexOf(separator); at >= 0; at = line.indexOf(separator, at + separator.length())) {
            if (n < ends.length) {
                ends[n] = at;
            }
            n++;
        }
        if (n < ends.length) {
            ends[n] = line.length();
        }
        return n + 1;
    }

    /** Where field {@code i} starts, given the {@link #ends} of the fields before it. */
    int start(int[] ends, int i) {
        return i == 0 ? 0 : ends[i - 1] + separator.length();
    }

    /** The fields of a line known to have {@code count} of them. */
    String[] split(String line, int count) {
        String[] fields = new String[count];
        int start = 0;
        for (int i = 0; i < count - 1; i++) {
            int end = line.indexOf(separator, start);
            fields[i] = line.substring(start, end);
            start = end + separator.length();
        }
        fields[count - 1] = line.substring(start);
        return fields;
    }
}
