package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.AssembledSnapshot;
import dev.autoloss.model.features.Example;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model whose every output is one number carried by its snapshot (a full snapshot holds the number, a
 * delta an increment), so a score tells which weights made it. It fails loudly when used after close,
 * as a TensorFlow session would.
 */
final class WeightPredictor implements Predictor {

    private final float weight;
    private final Loader loader;
    private volatile boolean closed;

    private WeightPredictor(float weight, Loader loader) {
        this.weight = weight;
        this.loader = loader;
    }

    static byte[] payload(float weight) {
        return ByteBuffer.allocate(Float.BYTES).putFloat(weight).array();
    }

    /** Loads full + deltas and counts the predictors still open; each predict call spins for {@code workNanos}. */
    static final class Loader implements PredictorLoader {
        final AtomicInteger open = new AtomicInteger();
        private final long workNanos;

        Loader(long workNanos) {
            this.workNanos = workNanos;
        }

        @Override
        public Predictor load(AssembledSnapshot snapshot) {
            float weight = weight(snapshot.full());
            for (AssembledSnapshot.Part delta : snapshot.deltas()) {
                weight += weight(delta);
            }
            open.incrementAndGet();
            return new WeightPredictor(weight, this);
        }
    }

    private static float weight(AssembledSnapshot.Part part) {
        if (part.bytes().length != Float.BYTES) {
            throw new IllegalArgumentException("version " + part.manifest().version() + " holds " + part.bytes().length + " bytes, not one float");
        }
        return ByteBuffer.wrap(part.bytes()).getFloat();
    }

    @Override
    public float[] predict(List<Example> batch) {
        check();
        long until = System.nanoTime() + loader.workNanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        float[] out = new float[batch.size()];
        Arrays.fill(out, weight);
        check();
        return out;
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("predictor of weight " + weight + " used after close");
        }
    }

    @Override
    public int outputs() {
        return 1;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            loader.open.decrementAndGet();
        }
    }
}
