package dev.autoloss.model.experiment;

import dev.autoloss.model.features.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The validation mini-batches handed to the controller, cycling through the validation split in a
 * fresh random order each pass, as a validation DataLoader with shuffling would.
 */
final class ControllerBatches {

    private final List<Example> validation;
    private final int batchSize;
    private final Random random;
    private List<List<Example>> pass = List.of();
    private int next;

    ControllerBatches(List<Example> validation, int batchSize, Random random) {
        this.validation = validation;
        this.batchSize = batchSize;
        this.random = random;
    }

    List<Example> next() {
        if (next == pass.size()) {
            List<Example> shuffled = new ArrayList<>(validation);
            Collections.shuffle(shuffled, random);
            pass = Batches.of(shuffled, batchSize);
            next = 0;
        }
        return pass.get(next++);
    }
}
