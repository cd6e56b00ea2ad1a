package dev.autoloss.model.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudyStreamTest {

    private static final int EVENTS = 40_000;
    private static final long SEED = 3;

    @Test
    void theCleanStreamObservesTheCleanLabelsOfEveryClickOnceAndHoldsOutAValidationShare() {
        List<StudyEvent> events = drain(StudyCondition.CLEAN, StreamSettings.of(EVENTS));
        assertEquals(EVENTS, events.size());
        for (int i = 0; i < events.size(); i++) {
            StudyEvent e = events.get(i);
            assertEquals(i, e.click(), "clicks in order");
            assertEquals(e.cleanLabel(), e.observedLabel());
            assertFalse(e.conversion());
        }
        double validation = events.stream().filter(StudyEvent::validation).count() / (double) EVENTS;
        assertEquals(StreamSettings.DEFAULT_VALIDATION_SHARE, validation, 0.005);
        assertEquals(0.25, events.stream().filter(e -> e.cleanLabel() == 1f).count() / (double) EVENTS, 0.015, "the generator's click rate");
    }

    @Test
    void theConditionsOfASeedShareFeaturesCleanLabelsAndValidationEvents() {
        List<StudyEvent> clean = drain(StudyCondition.CLEAN, StreamSettings.of(5_000));
        for (StudyCondition condition : List.of(StudyCondition.CONCENTRATED_NOISE, StudyCondition.DELAYED)) {
            List<StudyEvent> other = drain(condition, StreamSettings.of(5_000)).stream().filter(e -> !e.conversion()).toList();
            assertEquals(clean.size(), other.size(), condition.cliName());
            for (int i = 0; i < clean.size(); i++) {
                assertArrayEquals(clean.get(i).example().keys(), other.get(i).example().keys());
                assertEquals(clean.get(i).cleanLabel(), other.get(i).cleanLabel());
                assertEquals(clean.get(i).validation(), other.get(i).validation());
            }
        }
        assertEquals(fingerprint(clean), fingerprint(drain(StudyCondition.CLEAN, StreamSettings.of(5_000))), "a stream is deterministic");
    }

    @Test
    void noiseReachesTheWantedShareOfFalseAmongObservedPositivesAndLeavesValidationClean() {
        for (double share : new double[] {0.2, 0.4}) {
            for (StudyCondition condition : List.of(StudyCondition.CONCENTRATED_NOISE, StudyCondition.UNIFORM_NOISE)) {
                StudyStream stream = new StudyStream(condition, settings(share), SEED);
                List<StudyEvent> events = drain(stream);
                StreamCounts counts = stream.counts();
                double realised = counts.falsePositives() / (double) counts.observedPositives();
                assertEquals(share, realised, 0.02, condition.cliName() + " at share " + share);
                assertTrue(events.stream().filter(StudyEvent::validation).allMatch(e -> e.observedLabel() == e.cleanLabel()));
                assertTrue(events.stream().allMatch(e -> e.cleanLabel() == 0f || e.observedLabel() == 1f), "noise only adds positives");
            }
        }
    }

    @Test
    void concentratedNoiseFallsMostlyOnTheItemsWithTheHighestPropensityAndUniformNoiseDoesNot() {
        ItemPropensity propensity = new ItemPropensity(SEED);
        double concentrated = falsePositivesOnTopHalf(StudyCondition.CONCENTRATED_NOISE, propensity);
        double uniform = falsePositivesOnTopHalf(StudyCondition.UNIFORM_NOISE, propensity);
        assertTrue(concentrated > 0.8, "share of false positives on the negatives whose item is in the upper half of propensity: " + concentrated);
        assertEquals(0.5, uniform, 0.05, "uniform noise falls on both halves alike");
    }

    @Test
    void lateConversionsAreIngestedFirstAsNegativesThenAsPositiveDuplicates() {
        double meanDelay = 2_000;
        double window = 500;
        StudyStream stream = new StudyStream(StudyCondition.DELAYED, new StreamSettings(EVENTS, 0.05, 0.2, meanDelay, window), SEED);
        List<StudyEvent> events = drain(stream);
        StreamCounts counts = stream.counts();
        long cleanPositives = events.stream().filter(e -> !e.validation() && !e.conversion() && e.cleanLabel() == 1f).count();

        assertEquals(counts.fakeNegatives(), counts.conversions() + counts.lostConversions(), "every late conversion comes, or the stream ends first");
        assertEquals(Math.exp(-window / meanDelay), counts.fakeNegatives() / (double) cleanPositives, 0.02, "P(delay > window)");
        // a conversion is lost when it would come after the last click: about (mean delay / events) of the late ones
        assertEquals(meanDelay / EVENTS, counts.lostConversions() / (double) counts.fakeNegatives(), 0.02);
        Map<String, Integer> firstIngestion = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            StudyEvent e = events.get(i);
            if (!e.conversion()) {
                firstIngestion.put(e.example().eventId(), i);
                assertTrue(e.observedLabel() == e.cleanLabel() || (e.cleanLabel() == 1f && e.observedLabel() == 0f));
                continue;
            }
            String click = e.example().eventId().substring(0, e.example().eventId().indexOf('/'));
            Integer first = firstIngestion.get(click);
            assertTrue(first != null && events.get(first).observedLabel() == 0f, "a duplicate follows its click's ingestion as a negative");
            assertArrayEquals(events.get(first).example().keys(), e.example().keys());
            assertTrue(e.observedLabel() == 1f && e.cleanLabel() == 1f && !e.validation());
        }
        assertEquals(EVENTS + counts.conversions(), events.size());
        assertTrue(events.stream().filter(StudyEvent::validation).allMatch(e -> e.observedLabel() == e.cleanLabel()), "validation labels are matured");
    }

    @Test
    void aShareNoNoiseCanReachIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StudyStream(StudyCondition.UNIFORM_NOISE, settings(0.8), SEED));
        assertTrue(e.getMessage().startsWith("false-positive-share 0.8 cannot be reached"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StreamSettings(10, 1, 0.2, 1, 0));
    }

    /** Of the false positives, the share whose item's propensity is above the median over the clean negatives' items. */
    private static double falsePositivesOnTopHalf(StudyCondition condition, ItemPropensity propensity) {
        List<StudyEvent> events = drain(condition, settings(0.2));
        double[] negatives = events.stream().filter(e -> !e.validation() && e.cleanLabel() == 0f)
                .mapToDouble(e -> propensity.of(StudyStream.item(e.example()))).sorted().toArray();
        double median = negatives[negatives.length / 2];
        List<StudyEvent> falsePositives = new ArrayList<>(events.stream()
                .filter(e -> !e.validation() && e.cleanLabel() == 0f && e.observedLabel() == 1f).toList());
        return falsePositives.stream().filter(e -> propensity.of(StudyStream.item(e.example())) > median).count() / (double) falsePositives.size();
    }

    private static List<String> fingerprint(List<StudyEvent> events) {
        return events.stream().map(e -> e.example().eventId() + " " + e.observedLabel() + " " + e.cleanLabel() + " " + e.validation()
                + " " + Arrays.hashCode(e.example().keys())).toList();
    }

    private static StreamSettings settings(double share) {
        return new StreamSettings(EVENTS, StreamSettings.DEFAULT_VALIDATION_SHARE, share, StreamSettings.DEFAULT_MEAN_DELAY,
                StreamSettings.DEFAULT_WAIT_WINDOW);
    }

    private static List<StudyEvent> drain(StudyCondition condition, StreamSettings settings) {
        return drain(new StudyStream(condition, settings, SEED));
    }

    private static List<StudyEvent> drain(StudyStream stream) {
        List<StudyEvent> events = new ArrayList<>();
        stream.forEachRemaining(events::add);
        return events;
    }
}
