package dev.autoloss.model.features;

/** Numeric bucketing rules (docs/algorithm.md, "Examples and features"). */
public final class Buckets {

    private Buckets() {}

    /**
     * Criteo's integer features, as the Kaggle winners and pytorch-fm bucket them:
     * {@code v > 2 -> floor(ln(v)^2)}, otherwise {@code v - 2} (so 0, 1, 2 -> -2, -1, 0 and negatives stay distinct).
     *
     * @throws NumberFormatException when {@code v - 2} would overflow (no real count is that negative)
     */
    public static long logSquared(long v) {
        if (v > 2) {
            double ln = Math.log(v);
            return (long) Math.floor(ln * ln);
        }
        if (v < Long.MIN_VALUE + 2) {
            throw new NumberFormatException("value " + v + " is out of range");
        }
        return v - 2;
    }

    /** MovieLens' age groups: under 18, 18-24, 25-34, 35-44, 45-49, 50-55, 56 and over. */
    public static String ageGroup(int age) {
        if (age < 0) {
            throw new NumberFormatException("negative age " + age);
        }
        if (age < 18) {
            return "<18";
        } else if (age < 25) {
            return "18-24";
        } else if (age < 35) {
            return "25-34";
        } else if (age < 45) {
            return "35-44";
        } else if (age < 50) {
            return "45-49";
        } else if (age < 56) {
            return "50-55";
        }
        return "56+";
    }
}
