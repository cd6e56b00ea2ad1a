package dev.autoloss.model.train;

/**
 * The frequency filter: a field value gets its own table row only once it has been seen {@code minCount}
 * times in training; until then it shares its field's "rare" row. Counts live in a count-min sketch that is
 * part of the trainer's state. A training batch counts all of a value's occurrences before choosing its row, so
 * the value has one row throughout the batch.
 *
 * <p>Rows: an admitted value's key maps to {@code key mod hashedRows} (unsigned), field {@code f}'s rare
 * row is {@code hashedRows + f}.
 */
final class FeatureAdmission {

    private final int minCount;
    private final long hashedRows;
    private final CountMinSketch sketch;

    FeatureAdmission(int minCount, int hashedRows, CountMinSketch sketch) {
        this.minCount = minCount;
        this.hashedRows = hashedRows;
        this.sketch = sketch;
    }

    /** The row of field {@code field}'s value {@code key} in a training batch where it occurs {@code sightings} times, counted first. */
    int trainingRow(int field, long key, int sightings) {
        boolean admitted = minCount <= 1 || sketch.add(key, sightings) >= minCount;
        return admitted ? hashedRow(key) : rareRow(field);
    }

    /** The row of a value in an example that is only scored or validated on (not counted). */
    int row(int field, long key) {
        boolean admitted = minCount <= 1 || sketch.count(key) >= minCount;
        return admitted ? hashedRow(key) : rareRow(field);
    }

    private int hashedRow(long key) {
        // the same number as the unsigned remainder, without a division when the row count is a power of two
        return (hashedRows & (hashedRows - 1)) == 0 ? (int) (key & (hashedRows - 1)) : (int) Long.remainderUnsigned(key, hashedRows);
    }

    private int rareRow(int field) {
        return (int) hashedRows + field;
    }

    CountMinSketch sketch() {
        return sketch;
    }
}
