package dev.autoloss.model.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.autoloss.model.features.Example;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DataSplitTest {

    private static final List<Example> EXAMPLES = IntStream.range(0, 1005)
            .mapToObj(i -> new Example("e" + i, i, i % 2, new long[] {i}))
            .toList();

    @Test
    void splitsEightyTenTenWithoutOverlapOrLoss() {
        DataSplit split = DataSplit.of(EXAMPLES, 3);
        assertEquals(100, split.validation().size());
        assertEquals(100, split.test().size());
        assertEquals(805, split.train().size(), "training gets what validation and test leave");
        assertEquals(DataSplit.trainSize(EXAMPLES.size()), split.train().size());
        Set<String> ids = new HashSet<>();
        Stream.of(split.train(), split.validation(), split.test()).flatMap(List::stream).forEach(e -> ids.add(e.eventId()));
        assertEquals(EXAMPLES.size(), ids.size(), "the three parts must be disjoint and cover every example");
    }

    @Test
    void sameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        assertEquals(eventIds(DataSplit.of(EXAMPLES, 3)), eventIds(DataSplit.of(EXAMPLES, 3)));
        assertNotEquals(eventIds(DataSplit.of(EXAMPLES, 3)), eventIds(DataSplit.of(EXAMPLES, 4)));
    }

    @Test
    void splitShufflesRatherThanCuttingTheFileInOrder() {
        List<String> test = DataSplit.of(EXAMPLES, 3).test().stream().map(Example::eventId).toList();
        assertNotEquals(EXAMPLES.subList(905, 1005).stream().map(Example::eventId).toList(), test);
    }

    private static List<List<String>> eventIds(DataSplit split) {
        return Stream.of(split.train(), split.validation(), split.test())
                .map(part -> part.stream().map(Example::eventId).toList())
                .toList();
    }
}
