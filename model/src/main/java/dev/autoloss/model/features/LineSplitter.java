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
        int n = 1;
        for (int at = line.indexOf(separator); at >= 0; at = line.indexOf(separator, at + separator.length())) {
            n++;
        }
        return n;
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
