package dev.autoloss.model.train;

import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small synthetic examples with a planted signal: each field takes one of {@code vocabulary} values, each value
 * carries a hidden weight, and the label follows the sum of the example's weights (a click with probability
 * sigmoid(sum), a class by thresholds, or the sum itself plus noise).
 */
final class PlantedData {

    private final int fields;
    private final int vocabulary;
    private final double[][] weights;
    private final Task task;
    private final int classes;
    private final SplittableRandom random;
    private long nextId;

    PlantedData(int fields, int vocabulary, Task task, int classes, long seed) {
        this.fields = fields;
        this.vocabulary = vocabulary;
        this.task = task;
        this.classes = classes;
        this.random = new SplittableRandom(seed);
        this.weights = new double[fields][vocabulary];
        for (double[] field : weights) {
            for (int v = 0; v < vocabulary; v++) {
                field[v] = random.nextGaussian() * 1.5 / Math.sqrt(fields);
            }
        }
    }

    List<Example> batch(int size) {
        List<Example> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(next());
        }
        return batch;
    }

    /** The key of value {@code v} of field {@code f}: any fixed, well-spread 64-bit number will do. */
    static long key(int f, int v) {
        long z = (f + 1) * 0x9E3779B97F4A7C15L + v * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 29);
    }

    Example next() {
        long[] keys = new long[fields];
        double score = 0;
        for (int f = 0; f < fields; f++) {
            int v = random.nextInt(vocabulary);
            keys[f] = key(f, v);
            score += weights[f][v];
        }
        float label = switch (task) {
            case BINARY -> random.nextDouble() < 1 / (1 + Math.exp(-score)) ? 1f : 0f;
            case MULTICLASS -> (float) Math.max(0, Math.min(classes - 1, Math.floor((score + random.nextGaussian() * 0.3) + classes / 2.0)));
            case REGRESSION -> (float) (score + random.nextGaussian() * 0.1);
        };
        return new Example("ev" + nextId++, -1, label, keys);
    }
}
