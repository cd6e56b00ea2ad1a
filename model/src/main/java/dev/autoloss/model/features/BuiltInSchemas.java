package dev.autoloss.model.features;

import java.util.EnumMap;
import java.util.Map;

/** The declarations of the built-in formats (see data/README and the Kaggle/GroupLens originals). */
final class BuiltInSchemas {

    static final int CRITEO_NUMERIC_FIELDS = 13;
    static final int CRITEO_CATEGORICAL_FIELDS = 26;
    private static final int AVAZU_ANONYMOUS_FIRST = 14;
    private static final int AVAZU_ANONYMOUS_LAST = 21;

    private static final Map<Format, Schema> SCHEMAS = new EnumMap<>(Format.class);

    static {
        SCHEMAS.put(Format.CRITEO, criteo());
        SCHEMAS.put(Format.AVAZU, avazu());
        SCHEMAS.put(Format.ML100K, movieLens100k());
        SCHEMAS.put(Format.ML_CSV, movieLensRatings(Format.ML_CSV, ",", true, "userId", "movieId", "rating", "timestamp"));
        SCHEMAS.put(Format.ML_DAT, movieLensRatings(Format.ML_DAT, "::", false, "user", "item", "rating", "timestamp"));
    }

    private BuiltInSchemas() {}

    static Schema of(Format format) {
        return SCHEMAS.get(format);
    }

    /** label, I1..I13 counts, C1..C26 hashed categoricals; tab-separated; no event time. */
    private static Schema criteo() {
        Schema.Builder b = new Schema.Builder(Format.CRITEO, "\t", false).label("label", LabelScale.CLICK);
        for (int i = 1; i <= CRITEO_NUMERIC_FIELDS; i++) {
            b.numeric("I" + i);
        }
        for (int i = 1; i <= CRITEO_CATEGORICAL_FIELDS; i++) {
            b.categorical("C" + i);
        }
        return b.build();
    }

    /**
     * Avazu's train.csv. The raw hour (YYMMDDHH) is the event time, not a feature: a stream never sees the
     * same hour twice, so it becomes hour of day and weekday instead.
     */
    private static Schema avazu() {
        Schema.Builder b = new Schema.Builder(Format.AVAZU, ",", true)
                .id("id")
                .label("click", LabelScale.CLICK)
                .timestamp("hour", TimeFormat.YYMMDDHH)
                .feature("hour_of_day", Encoding.HOUR_OF_DAY)
                .feature("weekday", Encoding.WEEKDAY);
        for (String name : new String[] {"C1", "banner_pos", "site_id", "site_domain", "site_category", "app_id",
                "app_domain", "app_category", "device_id", "device_ip", "device_model", "device_type", "device_conn_type"}) {
            b.categorical(name);
        }
        for (int i = AVAZU_ANONYMOUS_FIRST; i <= AVAZU_ANONYMOUS_LAST; i++) {
            b.categorical("C" + i);
        }
        return b.build();
    }

    /** The joined line {@link MovieLens100kJoin} writes: one rating with its user's and item's attributes. */
    private static Schema movieLens100k() {
        return new Schema.Builder(Format.ML100K, "\t", false)
                .column("user", FieldKind.CATEGORICAL).feature("user", Encoding.AS_IS)
                .column("item", FieldKind.CATEGORICAL).feature("item", Encoding.AS_IS)
                .label("rating", LabelScale.STAR_RATING)
                .timestamp("timestamp", TimeFormat.UNIX_SECONDS)
                .column("age", FieldKind.NUMERIC).feature("age", Encoding.AGE_GROUP)
                .categorical("gender")
                .categorical("occupation")
                // the first genre, and the whole genre set as one value (a cheap genre-combination feature)
                .column("genres", FieldKind.CATEGORICAL).feature("genre", Encoding.FIRST_LISTED).feature("genres", Encoding.AS_IS)
                .build();
    }

    /** ratings.csv / ratings.dat: user, item, rating, timestamp; features named as in ml100k. */
    private static Schema movieLensRatings(Format format, String separator, boolean header,
                                           String user, String item, String rating, String timestamp) {
        return new Schema.Builder(format, separator, header)
                .column(user, FieldKind.CATEGORICAL).feature("user", Encoding.AS_IS)
                .column(item, FieldKind.CATEGORICAL).feature("item", Encoding.AS_IS)
                .label(rating, LabelScale.STAR_RATING)
                .timestamp(timestamp, TimeFormat.UNIX_SECONDS)
                .build();
    }
}
