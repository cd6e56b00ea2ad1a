package dev.autoloss.jobs.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where a Kafka source must start so that a model restored from a published version trains exactly the events its
 * state has not: per partition, the offset of the first event received but not yet trained (in the partial batch, or
 * held back for a controller step), else the offset after the last event received on the training input. Written
 * into every version's meta as {@code partition:offset,...}.
 */
final class ResumeOffsets {

    static final String META_KEY = "kafkaOffsets";
    static final String TOPIC_META_KEY = "kafkaTopic";

    private ResumeOffsets() {}

    /** {@code received} grown to hold {@code partition} and raised past {@code offset}. */
    static long[] advance(long[] received, int partition, long offset) {
        long[] next = partition < received.length ? received : Arrays.copyOf(received, partition + 1);
        next[partition] = Math.max(next[partition], offset + 1);
        return next;
    }

    /** Per partition, the offset of the first event received but not trained: in {@code untrained}, else after the last received. */
    static long[] firstUntrained(long[] received, List<List<ParsedEvent>> untrained) {
        long[] from = received.clone();
        for (List<ParsedEvent> events : untrained) {
            for (ParsedEvent event : events) {
                if (event.partition() < from.length) {
                    from[event.partition()] = Math.min(from[event.partition()], event.offset());
                }
            }
        }
        return from;
    }

    /**
     * Per partition, the earliest of several trainers' {@link #firstUntrained} offsets: every event before it is trained.
     * A trainer that has received nothing of a partition yet may still have to train any event of it: 0.
     */
    static long[] earliest(List<long[]> trainers) {
        int partitions = trainers.stream().mapToInt(offsets -> offsets.length).max().orElse(0);
        long[] earliest = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            long min = Long.MAX_VALUE;
            for (long[] offsets : trainers) {
                min = Math.min(min, p < offsets.length ? offsets[p] : 0);
            }
            earliest[p] = min;
        }
        return earliest;
    }

    static String encode(long[] from) {
        StringJoiner text = new StringJoiner(",");
        for (int p = 0; p < from.length; p++) {
            text.add(p + ":" + from[p]);
        }
        return text.toString();
    }

    /** The offsets of {@link #encode}; a malformed text names the meta key. */
    static Map<Integer, Long> decode(String text) {
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return offsets;
        }
        for (String entry : text.split(",")) {
            String[] parts = entry.split(":");
            try {
                offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the version's meta '" + META_KEY + "' is not partition:offset,...: '" + text + "'");
            }
        }
        return offsets;
    }
}
