package dev.autoloss.model.features;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Rejected lines counted per reason, keeping the first few of each so a person can go and look. */
public final class Rejections {

    /** How many rejected lines per reason are kept. */
    public static final int KEPT_PER_REASON = 5;

    private final Map<Reason, Long> counts = new EnumMap<>(Reason.class);
    private final Map<Reason, List<BadRecordException>> first = new EnumMap<>(Reason.class);
    private long total;

    public void add(BadRecordException bad) {
        total++;
        counts.merge(bad.reason(), 1L, Long::sum);
        List<BadRecordException> kept = first.computeIfAbsent(bad.reason(), r -> new ArrayList<>());
        if (kept.size() < KEPT_PER_REASON) {
            kept.add(bad);
        }
    }

    public long total() {
        return total;
    }

    /** Rejections per reason, in Reason order, reasons with none left out. */
    public Map<Reason, Long> counts() {
        return new EnumMap<>(counts);
    }

    /** The first {@link #KEPT_PER_REASON} rejections of a reason, in file order. */
    public List<BadRecordException> first(Reason reason) {
        return List.copyOf(first.getOrDefault(reason, List.of()));
    }
}
