package dev.autoloss.jobs.train;

import dev.autoloss.model.features.Example;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** The most recent validation examples, which the controller steps draw their batches from. */
final class ValidationBuffer {

    private final int capacity;
    private final ArrayDeque<Example> examples;

    ValidationBuffer(int capacity) {
        this.capacity = capacity;
        this.examples = new ArrayDeque<>(capacity);
    }

    void add(Example example) {
        if (examples.size() == capacity) {
            examples.removeFirst();
        }
        examples.addLast(example);
    }

    boolean isEmpty() {
        return examples.isEmpty();
    }

    /** The newest {@code n} examples (fewer while the buffer holds fewer), oldest first. */
    List<Example> newest(int n) {
        List<Example> batch = new ArrayList<>(Math.min(n, examples.size()));
        Iterator<Example> newestFirst = examples.descendingIterator();
        while (batch.size() < n && newestFirst.hasNext()) {
            batch.add(newestFirst.next());
        }
        Collections.reverse(batch);
        return batch;
    }

    List<Example> contents() {
        return new ArrayList<>(examples);
    }
}
