package dev.autoloss.jobs.bench;

import dev.autoloss.model.eval.Auc;
import java.util.stream.IntStream;

/**
 * A run's predictions by stream position: each event is scored at most once, as a training event in its batch's
 * prequential sample or as a validation event. Every trainer writes the positions of its own share only (Java's
 * arrays have no word tearing, so neighbouring positions of different trainers do not disturb each other).
 */
final class StreamScores {

    private final float[] predictions;
    private final boolean[] scored;

    StreamScores(int events) {
        predictions = new float[events];
        scored = new boolean[events];
    }

    void set(int position, float prediction) {
        predictions[position] = prediction;
        scored[position] = true;
    }

    /** Scored events whose prediction is NaN or infinite: a broken model's. */
    int nonFinite() {
        return (int) IntStream.range(0, scored.length).filter(p -> scored[p] && !Float.isFinite(predictions[p])).count();
    }

    /**
     * AUC of the scored validation (or else training) events at {@code from} and after, pooled over the trainers; NaN
     * when one of them has a non-finite prediction (or all have one label).
     */
    double auc(ScaleStream stream, int from, boolean validation) {
        int[] counted = IntStream.range(from, scored.length).filter(p -> scored[p] && stream.isValidation(p) == validation).toArray();
        float[] scores = new float[counted.length];
        float[] labels = new float[counted.length];
        for (int i = 0; i < counted.length; i++) {
            scores[i] = predictions[counted[i]];
            labels[i] = stream.label(counted[i]);
        }
        return IntStream.of(counted).allMatch(p -> Float.isFinite(predictions[p])) ? Auc.binary(scores, labels) : Double.NaN;
    }
}
