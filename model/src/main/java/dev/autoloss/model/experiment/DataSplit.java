package dev.autoloss.model.experiment;

import dev.autoloss.model.features.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded random 80/10/10 split into training, validation and test examples, as the offline runs of
 * docs/algorithm.md ("Evaluation") split each seed anew. Validation and test get {@code n / 10} examples each (rounded
 * down), training the rest; the same seed always gives the same split.
 */
public record DataSplit(List<Example> train, List<Example> validation, List<Example> test) {

    /** Each of validation and test gets one tenth of the examples. */
    static final int HELD_OUT_PARTS = 10;

    public static DataSplit of(List<Example> examples, long seed) {
        List<Example> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, new Random(seed));
        int trainSize = trainSize(shuffled.size());
        int heldOut = shuffled.size() / HELD_OUT_PARTS;
        return new DataSplit(
                List.copyOf(shuffled.subList(0, trainSize)),
                List.copyOf(shuffled.subList(trainSize, trainSize + heldOut)),
                List.copyOf(shuffled.subList(trainSize + heldOut, shuffled.size())));
    }

    /** How many of {@code examples} examples a split gives to training. */
    public static int trainSize(int examples) {
        return examples - 2 * (examples / HELD_OUT_PARTS);
    }
}
