package dev.autoloss.model.features;

/** One feature's profile: distinct values (after bucketing) and how often it is missing. */
public final class FieldStats {

    private final Feature feature;
    private final long missingKey;
    private final DistinctCounter distinct = new DistinctCounter();
    private long count;
    private long missing;

    public FieldStats(Feature feature) {
        this.feature = feature;
        this.missingKey = FeatureHash.hash64(feature.name(), Encoding.MISSING);
    }

    void add(long key) {
        count++;
        if (key == missingKey) {
            missing++;
        }
        distinct.add(key);
    }

    public Feature feature() {
        return feature;
    }

    /** Distinct values, "NULL" included; exact unless {@link #distinctEstimated()}. */
    public long distinct() {
        return distinct.count();
    }

    public boolean distinctEstimated() {
        return distinct.estimated();
    }

    public long missing() {
        return missing;
    }

    public double missingRate() {
        return count == 0 ? Double.NaN : (double) missing / count;
    }
}
