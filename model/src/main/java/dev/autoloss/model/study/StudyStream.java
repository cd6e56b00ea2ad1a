package dev.autoloss.model.study;

import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.Mix64;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A study's stream (docs/research.md): the Criteo-format clicks of {@link CriteoGenerator}'s planted teacher (seed
 * = the study's seed), their clean labels, and the labels a trainer observes under one {@link StudyCondition}, in the
 * order they are ingested. A share of the clicks is held out for validation with clean labels. Every click draws its
 * validation, noise and delay uniforms whatever the condition, so the conditions of one seed share features, clean
 * labels and validation events. Deterministic for (condition, settings, seed). Not thread-safe.
 *
 * <p>Delayed: click {@code t} is ingested at {@code t + window}, as a positive if it converted by then; a conversion
 * after {@code d > window} ingests the click again, as a positive, at {@code t + d}, unless that is after the last
 * click's ingestion (the stream has ended: the conversion is lost). Times are in events.
 */
public final class StudyStream implements Iterator<StudyEvent> {

    /** The categorical field whose value plays the item: C13, 3,194 values in Criteo, none missing, the top one 2.2% of clicks. */
    public static final String ITEM_FIELD = "C13";
    /** Clicks (the stream's first ones) on which the noise's scale is calibrated. */
    static final int CALIBRATION_CLICKS = 20_000;
    /** Its 0-based index among the feature fields. */
    static final int ITEM_INDEX = Schema.of(Format.CRITEO).featureNames().indexOf(ITEM_FIELD);
    private static final long DRAW_SALT = 0x57d7L;
    private static final String CONVERSION_SUFFIX = "/conversion";

    private record Pending(double time, long order, StudyEvent event) {}

    private final StudyCondition condition;
    private final StreamSettings settings;
    private final CriteoGenerator generator;
    private final ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Task.BINARY);
    private final String source;
    private final SplittableRandom draws;
    private final FalsePositives falsePositives;
    /** events a click waits before its first ingestion */
    private final double wait;
    /** the last click's first ingestion: later conversions are lost */
    private final double end;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            Comparator.comparingDouble(Pending::time).thenComparingLong(Pending::order));
    private long clicks;
    private long order;
    private long validationEvents;
    private long trainingEvents;
    private long observedPositives;
    private long falsePositiveCount;
    private long fakeNegatives;
    private long conversions;
    private long lostConversions;

    public StudyStream(StudyCondition condition, StreamSettings settings, long seed) {
        this.condition = condition;
        this.settings = settings;
        GeneratorConfig config = GeneratorConfig.defaults().withSeed(seed);
        this.generator = new CriteoGenerator(config);
        this.source = "study-seed" + seed;
        this.draws = new SplittableRandom(Mix64.mix(seed, DRAW_SALT));
        this.falsePositives = condition.noisy() ? calibrate(config, condition == StudyCondition.CONCENTRATED_NOISE) : null;
        this.wait = condition == StudyCondition.DELAYED ? settings.waitWindow() : 0;
        this.end = settings.events() - 1 + wait;
    }

    /** The item of an event: the key of {@link #ITEM_FIELD}. */
    static long item(Example example) {
        return example.keys()[ITEM_INDEX];
    }

    private FalsePositives calibrate(GeneratorConfig config, boolean concentrated) {
        CriteoGenerator sample = new CriteoGenerator(config);
        long[] items = new long[CALIBRATION_CLICKS];
        double[] probabilities = new double[CALIBRATION_CLICKS];
        for (int i = 0; i < CALIBRATION_CLICKS; i++) {
            items[i] = item(parse(sample.nextLine(), i));
            probabilities[i] = sample.lastProbability();
        }
        return FalsePositives.calibrated(settings.falsePositiveShare(), concentrated ? new ItemPropensity(config.seed()) : null,
                items, probabilities);
    }

    @Override
    public boolean hasNext() {
        while (clicks < settings.events() && (pending.isEmpty() || pending.peek().time() > clicks - 1)) {
            generate();
        }
        return !pending.isEmpty();
    }

    @Override
    public StudyEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream's " + settings.events() + " clicks are all ingested");
        }
        StudyEvent event = pending.poll().event();
        count(event);
        return event;
    }

    /** What the stream ingested so far (all of it once {@link #hasNext()} is false). */
    public StreamCounts counts() {
        return new StreamCounts(clicks, validationEvents, trainingEvents, observedPositives, falsePositiveCount, fakeNegatives,
                conversions, lostConversions);
    }

    /** Draws click number {@code clicks} and schedules its ingestions; a click's ingestions never come before it. */
    private void generate() {
        long t = clicks++;
        Example example = parse(generator.nextLine(), t);
        float clean = example.label();
        boolean validation = draws.nextDouble() < settings.validationShare();
        double noise = draws.nextDouble();
        double delay = -settings.meanDelay() * Math.log(1 - draws.nextDouble());
        if (validation) {
            schedule(t + wait, new StudyEvent(example, clean, t, true, false));
            return;
        }
        float observed = switch (condition) {
            case CLEAN -> clean;
            case CONCENTRATED_NOISE, UNIFORM_NOISE -> clean == 1f || noise < falsePositives.chance(item(example)) ? 1f : 0f;
            case DELAYED -> clean == 1f && delay <= wait ? 1f : 0f;
        };
        schedule(t + wait, new StudyEvent(labelled(example, example.eventId(), observed), clean, t, false, false));
        if (clean == 1f && observed == 0f) {
            if (t + delay <= end) {
                schedule(t + delay, new StudyEvent(labelled(example, example.eventId() + CONVERSION_SUFFIX, 1f), clean, t, false, true));
            } else {
                lostConversions++;
            }
        }
    }

    private void schedule(double time, StudyEvent event) {
        pending.add(new Pending(time, order++, event));
    }

    private void count(StudyEvent event) {
        if (event.validation()) {
            validationEvents++;
            return;
        }
        trainingEvents++;
        boolean positive = event.observedLabel() == 1f;
        observedPositives += positive ? 1 : 0;
        if (event.conversion()) {
            conversions++;
        } else if (positive && event.cleanLabel() == 0f) {
            falsePositiveCount++;
        } else if (!positive && event.cleanLabel() == 1f) {
            fakeNegatives++;
        }
    }

    private Example parse(String line, long click) {
        try {
            return parser.parse(new RawRecord(source, click + 1, line));
        } catch (BadRecordException e) {
            throw new IllegalStateException("the generator wrote a line its own format refuses: " + e.getMessage(), e);
        }
    }

    private static Example labelled(Example example, String eventId, float label) {
        return new Example(eventId, example.eventTime(), label, example.keys());
    }

}
