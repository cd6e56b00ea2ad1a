package dev.autoloss.jobs.bench;

import dev.autoloss.jobs.replay.GeneratedLines;
import dev.autoloss.jobs.train.TrainerShare;
import dev.autoloss.jobs.train.ValidationSplit;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The stream of {@code bench scale}: the lines {@code replay --generate} writes (Criteo format, clicks drawn from the
 * generator's planted teacher, so that AUC measures learning), parsed before timing and held compactly, since millions
 * of {@link Example}s with their id strings would crowd the heap: every event's keys in one array, its label, whether
 * the {@link ValidationSplit} holds it out and which of the run's trainers {@link TrainerShare} gives it to. A trainer's
 * example is rebuilt from these when it takes it.
 */
final class ScaleStream {

    /** A trainer's number is kept in a byte per event. */
    static final int MAX_TRAINERS = Byte.MAX_VALUE;

    private final String source;
    private final int fields;
    private final long[] keys;
    private final float[] labels;
    private final BitSet validation;
    private final int trainers;
    private final byte[] trainerOf;

    private ScaleStream(String source, int events, int fields, int trainers) {
        this.source = source;
        this.fields = fields;
        this.keys = new long[Math.multiplyExact(events, fields)];
        this.labels = new float[events];
        this.validation = new BitSet(events);
        this.trainers = trainers;
        this.trainerOf = new byte[events];
    }

    /** The most events one stream holds: their keys fill one array. */
    static int maxEvents() {
        return (Integer.MAX_VALUE - 8) / Schema.of(Format.CRITEO).featureCount();
    }

    /** {@code events} generated lines of {@code seed}, split by {@code split} and shared among {@code trainers}. */
    static ScaleStream generate(int events, long seed, ValidationSplit split, int trainers) {
        ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Task.BINARY);
        ScaleStream stream = new ScaleStream(GeneratedLines.sourceOf(seed), events, parser.schema().featureCount(), trainers);
        GeneratedLines lines = new GeneratedLines(GeneratorConfig.defaults().withSeed(seed), events);
        for (int position = 0; position < events; position++) {
            Example example = TrainerThroughput.parse(parser, lines.next());
            System.arraycopy(example.keys(), 0, stream.keys, position * stream.fields, stream.fields);
            stream.labels[position] = example.label();
            stream.validation.set(position, split.isValidation(example.eventId()));
            stream.trainerOf[position] = (byte) TrainerShare.of(example.eventId(), trainers);
        }
        return stream;
    }

    int size() {
        return labels.length;
    }

    int trainingEvents() {
        return size() - validation.cardinality();
    }

    boolean isValidation(int position) {
        return validation.get(position);
    }

    float label(int position) {
        return labels[position];
    }

    /** The event at {@code position} as the parser gave it: the id names its generated line, Criteo lines carry no time. */
    Example example(int position) {
        return new Example(source + ":" + (position + 1), -1, labels[position],
                Arrays.copyOfRange(keys, position * fields, (position + 1) * fields));
    }

    /** The positions of each trainer's events in stream order: for one trainer all, else as the stream was shared. */
    List<int[]> shares(int runTrainers) {
        if (runTrainers == 1) {
            int[] all = new int[size()];
            Arrays.setAll(all, i -> i);
            return List.of(all);
        }
        if (runTrainers != trainers) {
            throw new IllegalArgumentException("the stream was shared among " + trainers + " trainers, not " + runTrainers);
        }
        int[] counts = new int[trainers];
        for (byte t : trainerOf) {
            counts[t]++;
        }
        int[][] shares = new int[trainers][];
        Arrays.setAll(shares, t -> new int[counts[t]]);
        int[] filled = new int[trainers];
        for (int position = 0; position < trainerOf.length; position++) {
            int t = trainerOf[position];
            shares[t][filled[t]++] = position;
        }
        return List.of(shares);
    }
}
