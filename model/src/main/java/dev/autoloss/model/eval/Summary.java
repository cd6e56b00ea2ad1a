package dev.autoloss.model.eval;

import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Mean and sample standard deviation (divisor n - 1, as the paper's "mean ± sd over seeds") of one
 * figure over several runs. The sd of a single run is 0; of none, NaN.
 */
public record Summary(double mean, double sd, int n) {

    public static Summary of(double... values) {
        if (values.length == 0) {
            return new Summary(Double.NaN, Double.NaN, 0);
        }
        double sd = values.length == 1 ? 0 : new StandardDeviation(true).evaluate(values);
        return new Summary(new Mean().evaluate(values), sd, values.length);
    }

    /** {@code 0.7515±0.0027} with the given number of decimals. */
    public String format(int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f±%." + decimals + "f", mean, sd);
    }

    @Override
    public String toString() {
        return format(4) + " (n=" + n + ")";
    }
}
