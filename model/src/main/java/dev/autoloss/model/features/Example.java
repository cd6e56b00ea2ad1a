package dev.autoloss.model.features;

/**
 * One parsed event: what every downstream stage (trainer, scorer, metrics) consumes.
 *
 * @param eventId   stable id of the event (Avazu's id, otherwise source name + line number)
 * @param eventTime event time in epoch milliseconds, or -1 when the format has none
 * @param label     0/1 for binary, class index 0..K-1 for multiclass, the value for regression;
 *                  NaN when the example is unlabelled (a scoring request)
 * @param keys      one stable 64-bit hash per feature field, {@code hash64(field, value)}; the trainer
 *                  maps keys to embedding rows (with frequency admission), so parsing needs no vocabulary
 */
public record Example(String eventId, long eventTime, float label, long[] keys) {

    public int fieldCount() {
        return keys.length;
    }
}
