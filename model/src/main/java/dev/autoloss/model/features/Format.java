package dev.autoloss.model.features;

import dev.autoloss.model.CliNames;
import java.util.Locale;

/** The built-in input formats; {@link Schema#of} gives each one's declarative schema. */
public enum Format {
    /** Criteo display ads, Kaggle train.txt: label, I1..I13, C1..C26, tab-separated, no header */
    CRITEO,
    /** Avazu CTR, Kaggle train.csv: id, click, hour (YYMMDDHH), 21 categoricals, comma-separated, header */
    AVAZU,
    /** MovieLens 100K: a directory with u.data, u.user, u.item, read as one joined line per rating */
    ML100K,
    /** MovieLens ratings.csv (ML-latest, 20M, 25M): userId,movieId,rating,timestamp with a header */
    ML_CSV,
    /** MovieLens ratings.dat (ML-1M, 10M): user::item::rating::timestamp */
    ML_DAT;

    /** The name on the command line: {@code criteo}, {@code avazu}, {@code ml100k}, {@code ml-csv}, {@code ml-dat}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The format with this command-line name; IllegalArgumentException listing the valid names otherwise. */
    public static Format byName(String name) {
        return CliNames.byName(values(), Format::cliName, "format", name);
    }
}
