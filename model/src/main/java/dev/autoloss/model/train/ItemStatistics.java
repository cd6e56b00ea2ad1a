package dev.autoloss.model.train;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.snapshot.ArrayType;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Running label counts per item, which {@code autoloss-item}'s controller sees of each example besides its label and
 * prediction and {@code item-trust} weighs positives by (docs/algorithm.md, "Controllers that see the item"): from
 * training batches, events and observed
 * positives; from the validation batches of controller steps, events and trusted (clean) positives. The item is the
 * value of one field, its key folded into {@link #SLOTS} slots.
 *
 * <p>Plain counts, not exponentially decayed ones: in the study an item's false-positive propensity is fixed for the
 * whole stream, and the trusted counts (5% of events) are too few to forget any; a stream whose items drift would want
 * a decay with a half-life of many batches.
 */
final class ItemStatistics {

    /**
     * Per example: the item's smoothed observed rate, its estimated clean rate ({@link CleanRates}), their
     * difference, log1p of both counts / 10, and its false-click rate: the share of its clean negatives observed as
     * clicks.
     */
    static final int INPUTS = 6;
    /** Where the false-click rate is among the inputs. */
    static final int FALSE_CLICK_RATE = 5;
    /** Keys are well-mixed hashes, folded by their low bits: C13's ~3,200 values share a slot with another about 5% of the time. */
    static final int SLOTS = 1 << 16;
    /** The prior's weight in events: an item's rate is {@code (positives + PRIOR_EVENTS * global rate) / (events + PRIOR_EVENTS)}. */
    static final double PRIOR_EVENTS = 20;
    /** keeps log1p(count) of counts up to e^10 within [0, 1] */
    private static final double LOG_COUNT_SCALE = 10;
    private static final String COUNTS = "item_statistics/counts";
    private static final String LAST_TRUSTED = "item_statistics/last_trusted_ids";
    private static final char ID_SEPARATOR = '\n';

    private static final int EVENTS = 0;
    private static final int POSITIVES = 1;
    private static final int TRUSTED_EVENTS = 2;
    private static final int TRUSTED_POSITIVES = 3;
    private static final int COLUMNS = 4;

    private final int field;
    /** {@code [SLOTS, COLUMNS]} row-major */
    private final long[] counts = new long[SLOTS * COLUMNS];
    private final long[] totals = new long[COLUMNS];
    /**
     * The event ids of the last validation batch counted. Controller steps take the newest events of a buffer, so
     * consecutive batches overlap: only the events that were not in the previous batch are counted.
     */
    private Set<String> lastTrusted = new LinkedHashSet<>();
    /** Per item with trusted events, what {@link CleanRates#fit} reads; kept to spare a batch's garbage. */
    private final double[] fitObserved = new double[SLOTS];
    private final long[] fitTrustedEvents = new long[SLOTS];
    private final long[] fitTrustedPositives = new long[SLOTS];

    /** @param field the feature field whose value is the item */
    ItemStatistics(int field) {
        this.field = field;
    }

    /**
     * {@code [B * INPUTS]} (row-major) inputs of a training batch from the counts before it, then its events and
     * observed positives counted: no example sees its own label (nor those of its batch) in its inputs.
     */
    float[] inputsThenCount(List<Example> batch) {
        float[] inputs = inputs(batch);
        for (Example example : batch) {
            add(slot(example), EVENTS, POSITIVES, example);
        }
        return inputs;
    }

    /** {@code [B * INPUTS]} (row-major) inputs of {@code batch} from the counts now; nothing is counted. */
    float[] inputs(List<Example> batch) {
        double observedPrior = (totals[POSITIVES] + 1.0) / (totals[EVENTS] + 2.0);
        CleanRates clean = cleanRates(observedPrior);
        float[] inputs = new float[batch.size() * INPUTS];
        for (int b = 0; b < batch.size(); b++) {
            int at = slot(batch.get(b)) * COLUMNS;
            double observed = smoothed(counts[at + POSITIVES], counts[at + EVENTS], observedPrior);
            double trusted = clean.estimate(observed, counts[at + TRUSTED_POSITIVES], counts[at + TRUSTED_EVENTS]);
            int k = b * INPUTS;
            inputs[k] = (float) observed;
            inputs[k + 1] = (float) trusted;
            inputs[k + 2] = (float) (observed - trusted);
            inputs[k + 3] = (float) (Math.log1p(counts[at + EVENTS]) / LOG_COUNT_SCALE);
            inputs[k + 4] = (float) (Math.log1p(counts[at + TRUSTED_EVENTS]) / LOG_COUNT_SCALE);
            inputs[k + FALSE_CLICK_RATE] = (float) CleanRates.falseClickRate(observed, trusted);
        }
        return inputs;
    }

    /** Items' clean rates from the counts now: a pass over the slots for every batch, so that they follow the counts. */
    private CleanRates cleanRates(double observedPrior) {
        int items = 0;
        for (int at = 0; at < counts.length; at += COLUMNS) {
            if (counts[at + TRUSTED_EVENTS] > 0) {
                fitObserved[items] = smoothed(counts[at + POSITIVES], counts[at + EVENTS], observedPrior);
                fitTrustedEvents[items] = counts[at + TRUSTED_EVENTS];
                fitTrustedPositives[items++] = counts[at + TRUSTED_POSITIVES];
            }
        }
        // with few trusted events yet, the stream's trusted rate leans toward the observed one rather than toward 1/2
        double trustedRate = smoothed(totals[TRUSTED_POSITIVES], totals[TRUSTED_EVENTS], observedPrior);
        return CleanRates.fit(observedPrior, trustedRate, fitObserved, fitTrustedEvents, fitTrustedPositives, items);
    }

    /** Counts a validation batch's events and trusted positives, except those counted with the previous batch. */
    void countTrusted(List<Example> batch) {
        Set<String> ids = new LinkedHashSet<>();
        for (Example example : batch) {
            if (ids.add(example.eventId()) && !lastTrusted.contains(example.eventId())) {
                add(slot(example), TRUSTED_EVENTS, TRUSTED_POSITIVES, example);
            }
        }
        lastTrusted = ids;
    }

    private void add(int slot, int events, int positives, Example example) {
        int at = slot * COLUMNS;
        counts[at + events]++;
        totals[events]++;
        if (example.label() == 1f) {
            counts[at + positives]++;
            totals[positives]++;
        }
    }

    private int slot(Example example) {
        return (int) (example.keys()[field] & (SLOTS - 1));
    }

    private static double smoothed(long positives, long events, double prior) {
        return (positives + PRIOR_EVENTS * prior) / (events + PRIOR_EVENTS);
    }

    void write(SnapshotWriter writer) {
        writer.array(COUNTS, ArrayType.INT64, new long[] {SLOTS, COLUMNS}, b -> {
            b.asLongBuffer().put(counts);
            b.position(b.limit());
        });
        writer.array(LAST_TRUSTED, String.join(String.valueOf(ID_SEPARATOR), lastTrusted).getBytes(StandardCharsets.UTF_8));
    }

    void restore(Snapshot snapshot) {
        snapshot.array(COUNTS).data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(counts);
        Arrays.fill(totals, 0);
        for (int i = 0; i < counts.length; i++) {
            totals[i % COLUMNS] += counts[i];
        }
        ByteBuffer idBytes = snapshot.array(LAST_TRUSTED).data().duplicate();
        byte[] raw = new byte[idBytes.remaining()];
        idBytes.get(raw);
        String ids = new String(raw, StandardCharsets.UTF_8);
        lastTrusted = ids.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>(List.of(ids.split(String.valueOf(ID_SEPARATOR), -1)));
    }
}
