package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.train.ValidationBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The small pieces the trainer operator relies on: the split, the id digest, freshness, the options. */
class StreamBookkeepingTest {

    @Test
    void validationSplitIsStableAndTakesItsShare() {
        ValidationSplit split = new ValidationSplit(0.1);
        int validation = 0;
        for (int i = 0; i < 100_000; i++) {
            String id = "criteo.tsv:" + i;
            boolean side = split.isValidation(id);
            assertEquals(side, new ValidationSplit(0.1).isValidation(id), "the same id must land on the same side");
            validation += side ? 1 : 0;
        }
        assertEquals(10_000, validation, 400, "about 10% of events go to validation");
        assertThrows(IllegalArgumentException.class, () -> new ValidationSplit(1.0));
    }

    @Test
    void validationBufferKeepsTheNewestAndHandsThemOutOldestFirst() {
        ValidationBuffer buffer = new ValidationBuffer(4);
        for (int i = 1; i <= 6; i++) {
            buffer.add(new Example("v:" + i, i, 0f, new long[] {i}));
        }
        assertEquals(List.of("v:4", "v:5", "v:6"), buffer.newest(3).stream().map(Example::eventId).toList());
        assertEquals(List.of("v:3", "v:4", "v:5", "v:6"), buffer.newest(10).stream().map(Example::eventId).toList(), "at most the capacity");
    }

    @Test
    void idDigestIgnoresOrderButSeesALossOrADuplicate() {
        List<String> ids = List.of("a:1", "a:2", "a:3");
        long forward = digest(ids);
        long backward = digest(List.of("a:3", "a:2", "a:1"));
        assertEquals(forward, backward, "order must not matter");
        assertNotEquals(forward, digest(List.of("a:1", "a:2")), "a lost event changes the digest");
        assertNotEquals(forward, digest(List.of("a:1", "a:2", "a:3", "a:3")), "a duplicate changes the digest");
        assertNotEquals(forward, digest(List.of("a:1", "a:2", "a:2")), "a duplicate in place of a loss changes the digest");
    }

    @Test
    void freshnessIsPublishTimeMinusAppendTimeOfTheVersionThatIncludedTheEvent() {
        Freshness freshness = new Freshness();
        for (int i = 0; i < Freshness.SAMPLE_EVERY * 100; i++) {
            freshness.trained(1_000);
        }
        freshness.seal(1);
        for (int i = 0; i < Freshness.SAMPLE_EVERY * 100; i++) {
            freshness.trained(2_000);
        }
        freshness.seal(2);
        assertEquals(-1, freshness.quantileMillis(0.5), "nothing is published yet");

        freshness.published(2, 5_000); // version 1 was skipped: version 2 includes its events too

        assertEquals(3_000, freshness.quantileMillis(0.5));
        assertEquals(4_000, freshness.quantileMillis(0.99));
    }

    @Test
    void optionsNameTheFlagThatIsWrong() {
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> TrainOptions.parse("--batch-size", "0"));
        assertTrue(batch.getMessage().contains("--batch-size"), batch.getMessage());
        CommandLine.ParameterException format = assertThrows(CommandLine.ParameterException.class, () -> TrainOptions.parse("--format", "csv"));
        assertTrue(format.getMessage().contains("criteo"), "the error lists the valid formats: " + format.getMessage());
        TrainOptions defaults = TrainOptions.parse();
        assertEquals("events-rejected", defaults.deadLetterTopic());
        assertEquals(2000, TrainerFactory.config(defaults).batchSize());
    }

    private static long digest(List<String> ids) {
        long digest = EventIdDigest.EMPTY;
        for (String id : ids) {
            digest = EventIdDigest.add(digest, id);
        }
        return digest;
    }
}
