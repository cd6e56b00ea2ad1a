package dev.autoloss.model.train;

import dev.autoloss.model.features.Example;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** The most recent validation examples, which the controller steps draw their batches from. */
public final class ValidationBuffer {

    private final int capacity;
    private final ArrayDeque<Example> examples;

    public ValidationBuffer(int capacity) {
        this.capacity = capacity;
        this.examples = new ArrayDeque<>(capacity);
    }

    public void add(Example example) {
        if (examples.size() == capacity) {
            examples.removeFirst();
        }
        examples.addLast(example);
    }

    public boolean isEmpty() {
        return examples.isEmpty();
    }

    /** The newest {@code n} examples (fewer while the buffer holds fewer), oldest first. */
    public List<Example> newest(int n) {
        List<Example> batch = new ArrayList<>(Math.min(n, examples.size()));
        Iterator<Example> newestFirst = examples.descendingIterator();
        while (batch.size() < n && newestFirst.hasNext()) {
            batch.add(newestFirst.next());
        }
        Collections.reverse(batch);
        return batch;
    }

    /** Every example held, oldest first (what a checkpoint keeps). */
    public List<Example> contents() {
        return new ArrayList<>(examples);
    }
}
